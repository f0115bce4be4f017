import type { KnownBlock, ModalView } from '@slack/web-api';
import { caseAlias } from '../../core/inbox/alias.js';
import type { ReplyPreview, Texts } from '../../core/index.js';
import { languageInfo } from '../../i18n/languages.js';
import { type InboxWords, inboxWords } from './card-text.js';
import { escapeMrkdwn, splitText } from './mrkdwn.js';

/**
 * The reply dialog of the case card: a caseworker writes a reply, sees exactly what the person will
 * receive (the machine translation too, when there is one), and only then sends it. One modal whose
 * content changes step by step (Slack keeps its view id): compose → preview (or a short "preparing" step
 * while a translation takes its time) → sent, with "Edit" going back to the words as written.
 */

/** callback_ids of the dialog's steps; only compose and preview have a submit button. */
export const REPLY_COMPOSE_CALLBACK = 'reply:compose';
export const REPLY_PREVIEW_CALLBACK = 'reply:preview';
export const REPLY_WAIT_CALLBACK = 'reply:wait';
/** action_id of "Edit" on the preview (and on a step that could not make one): back to composing. */
export const REPLY_BACK_ACTION = 'reply:back';
/** block_id of the text input; view_submission errors are addressed to it. */
export const REPLY_BLOCK = 'reply';
const REPLY_INPUT = 'text';
/**
 * The longest reply the dialog takes. Everything a step needs travels in the view's private_metadata
 * (Slack allows 3,000 characters), the words as written and their translation included.
 */
export const MAX_REPLY_LENGTH = 1200;
const MAX_METADATA_LENGTH = 3000;
/** Slack's limit for the text of one section. */
const SECTION_LIMIT = 3000;

/** Which case the dialog answers; carried in private_metadata, since a view has no message. */
export interface ReplyTarget {
  inboxChannel: string;
  inboxThread: string;
  /** For the case's name in the dialog only; the thread, not this, says which case. */
  caseNumber?: number;
}

/** What a step remembers: the case, and from the preview on the words as written and the preview. */
export interface ReplyDialogState extends ReplyTarget {
  written?: string;
  preview?: ReplyPreview;
}

export interface ReplyDialogWords {
  texts: Texts;
  inboxLanguage: string;
}

/** The first step: the reply, as it was written when the caseworker comes back to edit it. */
export function renderReplyCompose(target: ReplyTarget, words: ReplyDialogWords, written = ''): ModalView {
  const w = inboxWords(words.texts, words.inboxLanguage);
  return {
    ...frame(w, REPLY_COMPOSE_CALLBACK, { ...target }, 'card:replyModal.title'),
    submit: plain(w.t('card:replyModal.preview')),
    blocks: [
      ...caseLine(target),
      mrkdwnSection(escapeMrkdwn(w.t('card:replyModal.intro'))),
      {
        type: 'input',
        block_id: REPLY_BLOCK,
        label: plain(w.t('card:replyModal.label')),
        element: {
          type: 'plain_text_input',
          action_id: REPLY_INPUT,
          multiline: true,
          max_length: MAX_REPLY_LENGTH,
          ...(written ? { initial_value: written } : {}),
        },
      },
      { type: 'context', elements: [plain(w.t('card:replyModal.hint'))] },
    ],
  };
}

/** While a translation takes longer than Slack waits for an answer: the preview replaces this. */
export function renderReplyWait(target: ReplyTarget, words: ReplyDialogWords, written: string): ModalView {
  const w = inboxWords(words.texts, words.inboxLanguage);
  return {
    ...frame(w, REPLY_WAIT_CALLBACK, { ...target, written }, 'card:replyModal.title'),
    blocks: [...caseLine(target), mrkdwnSection(escapeMrkdwn(w.t('card:replyModal.preparing')))],
  };
}

/**
 * The preview: exactly what the person will receive, the original beneath a translation, and a warning
 * where the person said it is not safe to chat. Undefined when it does not fit in a view's metadata (the
 * caseworker is asked to shorten the reply).
 */
export function renderReplyPreview(
  target: ReplyTarget,
  words: ReplyDialogWords,
  shown: { preview: ReplyPreview; neutralFirstLine: string | null; personSilenced: boolean },
): ModalView | undefined {
  const w = inboxWords(words.texts, words.inboxLanguage);
  const { preview } = shown;
  const metadata = encodeState({ ...target, written: preview.written, preview });
  if (metadata.length > MAX_METADATA_LENGTH) return undefined;
  const blocks: KnownBlock[] = [...caseLine(target)];
  if (shown.personSilenced) blocks.push(mrkdwnSection(escapeMrkdwn(w.t('card:replyModal.notSafe'))));
  const receives = preview.translation
    ? w.t('card:replyModal.receivesTranslated', {
        language: languageLine(preview.translation.language, w),
        provider: preview.translation.provider,
      })
    : w.t('card:replyModal.receives');
  blocks.push(mrkdwnSection(`*${escapeMrkdwn(receives)}*`));
  if (shown.neutralFirstLine !== null) {
    const line = w.t('card:replyModal.silentLine', { line: shown.neutralFirstLine });
    blocks.push({ type: 'context', elements: [plain(line)] });
  }
  blocks.push(...plainSections(preview.toSend));
  if (preview.translation) {
    blocks.push(mrkdwnSection(`*${escapeMrkdwn(w.t('card:replyModal.written'))}*`));
    blocks.push(...plainSections(preview.original));
  }
  blocks.push(backButton(w));
  return {
    ...frame(w, REPLY_PREVIEW_CALLBACK, undefined, 'card:replyModal.previewTitle'),
    private_metadata: metadata,
    submit: plain(w.t('card:replyModal.send')),
    blocks,
  };
}

/** A step that ends without a preview or without sending: why, and "Edit" to try again. */
export function renderReplyProblem(
  target: ReplyTarget,
  words: ReplyDialogWords,
  written: string,
  problem: string,
): ModalView {
  const w = inboxWords(words.texts, words.inboxLanguage);
  return {
    ...frame(w, REPLY_WAIT_CALLBACK, { ...target, written }, 'card:replyModal.title'),
    blocks: [...caseLine(target), mrkdwnSection(escapeMrkdwn(problem)), backButton(w)],
  };
}

/** The case a step of the dialog answers, and what was written, or undefined when it is not Haven's. */
export function replyStateOf(privateMetadata: string | undefined): ReplyDialogState | undefined {
  try {
    const parsed = JSON.parse(privateMetadata ?? '') as Record<string, unknown> | null;
    if (!parsed || typeof parsed.c !== 'string' || typeof parsed.t !== 'string') return undefined;
    const state: ReplyDialogState = { inboxChannel: parsed.c, inboxThread: parsed.t };
    if (typeof parsed.n === 'number' && Number.isSafeInteger(parsed.n) && parsed.n > 0) {
      state.caseNumber = parsed.n;
    }
    if (typeof parsed.w === 'string') state.written = parsed.w;
    const preview = previewOf(parsed, state.written);
    if (preview) state.preview = preview;
    return state;
  } catch {
    return undefined;
  }
}

/** The reply typed in the compose step, from a view_submission's state. */
export function writtenReply(stateValues: unknown): string {
  const block = (stateValues as Record<string, Record<string, unknown>> | undefined)?.[REPLY_BLOCK];
  const value = (block?.[REPLY_INPUT] as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : '';
}

/**
 * The state in as few characters as it takes (private_metadata is short): the original only where it is
 * not the words as written (after `raw:`), the text to send only where it is not the original (a
 * translation).
 */
function encodeState(state: ReplyDialogState): string {
  const { preview } = state;
  return JSON.stringify({
    c: state.inboxChannel,
    t: state.inboxThread,
    ...(state.caseNumber !== undefined ? { n: state.caseNumber } : {}),
    ...(state.written !== undefined ? { w: state.written } : {}),
    ...(preview
      ? {
          p: 1,
          ...(preview.original !== preview.written ? { o: preview.original } : {}),
          ...(preview.toSend !== preview.original ? { s: preview.toSend } : {}),
          ...(preview.translation
            ? { l: preview.translation.language, v: preview.translation.provider }
            : {}),
        }
      : {}),
  });
}

function previewOf(parsed: Record<string, unknown>, written: string | undefined): ReplyPreview | undefined {
  if (parsed.p !== 1 || written === undefined) return undefined;
  const original = typeof parsed.o === 'string' ? parsed.o : written;
  const toSend = typeof parsed.s === 'string' ? parsed.s : original;
  const translation =
    typeof parsed.l === 'string' && typeof parsed.v === 'string'
      ? { language: parsed.l, provider: parsed.v }
      : null;
  return { written, original, toSend, translation };
}

/** "ro · Română (Romanian)", as the case card names the language. */
function languageLine(code: string, w: InboxWords): string {
  const info = languageInfo(code);
  return info
    ? w.t('card:language', { code, nativeName: info.nativeName, englishName: info.englishName })
    : code;
}

function frame(
  w: InboxWords,
  callbackId: string,
  state: ReplyDialogState | undefined,
  titleKey: string,
): Omit<ModalView, 'blocks'> {
  return {
    type: 'modal',
    callback_id: callbackId,
    ...(state ? { private_metadata: encodeState(state) } : {}),
    title: plain(w.t(titleKey)),
    close: plain(w.t('card:replyModal.cancel')),
  };
}

function caseLine(target: ReplyTarget): KnownBlock[] {
  if (target.caseNumber === undefined) return [];
  return [mrkdwnSection(`*${escapeMrkdwn(caseAlias(target.caseNumber))}*`)];
}

function backButton(w: InboxWords): KnownBlock {
  return {
    type: 'actions',
    elements: [{ type: 'button', action_id: REPLY_BACK_ACTION, text: plain(w.t('card:replyModal.back')) }],
  };
}

/** Words the caseworker or a translation wrote: plain_text, where Slack formats nothing. */
function plainSections(text: string): KnownBlock[] {
  const pieces = text.length > SECTION_LIMIT ? splitText(text, SECTION_LIMIT) : [text];
  return pieces.map((piece) => ({
    type: 'section',
    text: { type: 'plain_text', text: piece, emoji: false },
  }));
}

function mrkdwnSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function plain(text: string) {
  return { type: 'plain_text' as const, text };
}
