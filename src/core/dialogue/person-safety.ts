import type { StoredMessage } from '../model.js';
import { QUICK_EXIT_BUTTON } from '../relay/deliveries.js';
import type { DialogueContext } from './context.js';
import { say } from './flow-effects.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * The person's own safety controls: quick exit, silent mode, the privacy notice (consent), erasure and
 * "what do you keep about me". Each is a command and, where it helps, a button. Nothing here sends
 * anything that would stay on a watched phone unless the person asked for it.
 */

export interface SafetyInput {
  channelMessageId: string | null;
  earlierMessages: () => Promise<StoredMessage[]>;
  earlierAnswerCount: () => Promise<number>;
}

const CONSENT = 'cs';
const FORGET = 'fg';

/** Quick exit: wipe the chat (both sides, as far as the platform allows) and leave nothing behind. */
export function quickExit(turn: TurnBuilder, input: SafetyInput, context: DialogueContext): void {
  const { texts, inboxLanguage } = context;
  turn.wipeChat(input.channelMessageId ? [input.channelMessageId] : []);
  turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.quickExit'));
  turn.notice = texts.t(turn.conversation.language, 'common:exit.done');
}

export function isQuickExitButton(data: string): boolean {
  return data === QUICK_EXIT_BUTTON;
}

export function toggleSilentMode(turn: TurnBuilder, context: DialogueContext): void {
  const on = !turn.conversation.silentMode;
  turn.set({ silentMode: on });
  say(turn, { type: 'say', key: on ? 'common:silent.on' : 'common:silent.off' }, context);
  turn.noteForInbox(
    context.texts.t(context.inboxLanguage, on ? 'inbox:notice.silentOn' : 'inbox:notice.silentOff'),
  );
}

/** Whether the person's messages must wait for the privacy notice before they reach the inbox. */
export function awaitingConsent(turn: TurnBuilder, context: DialogueContext): boolean {
  return context.consentRequired && turn.conversation.consent !== 'given';
}

/** The short privacy notice with I agree / Tell me more / No, thank you. */
export function askConsent(turn: TurnBuilder, context: DialogueContext, key = 'common:consent.notice'): void {
  const { texts, inboxLanguage } = context;
  const { language } = turn.conversation;
  const nonce = context.nonce();
  const button = (choice: string, label: string) => ({
    text: texts.t(language, `common:consent.${label}`),
    data: `${CONSENT}:${nonce}:${choice}`,
  });
  turn.set({ promptNonce: nonce, consent: 'pending' });
  say(turn, { type: 'say', key, values: { days: context.retentionDays } }, context);
  // say() created the message; give it the consent buttons.
  const notice = turn.messages.at(-1)!;
  notice.buttons = [[button('agree', 'agree')], [button('more', 'more'), button('decline', 'decline')]];
  notice.inboxText = texts.t(inboxLanguage, 'inbox:notice.consentAsked');
}

export function isConsentButton(data: string): boolean {
  return data.startsWith(`${CONSENT}:`);
}

export function isForgetButton(data: string): boolean {
  return data.startsWith(`${FORGET}:`);
}

/**
 * The person answered the privacy notice. Agreeing releases what was held to the inbox and starts the
 * conversation; declining deletes what was held and says how else to reach the centre.
 * Returns true when the person agreed (the caller then starts the welcome).
 */
export async function answerConsent(
  turn: TurnBuilder,
  data: string,
  input: SafetyInput,
  context: DialogueContext,
): Promise<'agreed' | 'declined' | 'more' | 'stale'> {
  const { texts, inboxLanguage } = context;
  const [, nonce, choice] = data.split(':');
  if (nonce !== turn.conversation.promptNonce || turn.conversation.consent === 'given') {
    turn.notice = texts.t(turn.conversation.language, 'common:stale');
    return 'stale';
  }
  if (choice === 'more') {
    askConsent(turn, context, 'common:consent.full');
    return 'more';
  }
  if (choice === 'decline') {
    turn.set({ consent: 'declined', promptNonce: null });
    turn.discardHeld();
    say(turn, { type: 'say', key: 'common:consent.declined' }, context);
    turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.consentDeclined'));
    return 'declined';
  }
  if (choice !== 'agree') return 'stale';
  turn.set({ consent: 'given', promptNonce: null });
  await releaseHeld(turn, input);
  turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.consentGiven'));
  if (turn.conversation.tipsOfferedAt === null) {
    turn.set({ tipsOfferedAt: turn.now });
    say(turn, { type: 'say', key: 'common:safety.tips' }, context);
  }
  return 'agreed';
}

/** Relays every held message now: after consent, or at once when a life may be at stake. */
export async function releaseHeld(turn: TurnBuilder, input: SafetyInput): Promise<void> {
  const held = (await input.earlierMessages()).filter((message) => message.held);
  turn.releaseHeld(held);
}

/** `/forget`: asks first; the erasure itself happens on "Yes". */
export function askToForget(turn: TurnBuilder, context: DialogueContext): void {
  const { texts } = context;
  const { language } = turn.conversation;
  const nonce = context.nonce();
  turn.set({ promptNonce: nonce });
  say(turn, { type: 'say', key: 'common:forget.confirm' }, context);
  turn.messages.at(-1)!.buttons = [
    [{ text: texts.t(language, 'common:forget.yes'), data: `${FORGET}:${nonce}:yes` }],
    [{ text: texts.t(language, 'common:forget.no'), data: `${FORGET}:${nonce}:no` }],
  ];
}

export function answerForget(turn: TurnBuilder, data: string, context: DialogueContext): void {
  const { texts } = context;
  const [, nonce, choice] = data.split(':');
  if (nonce !== turn.conversation.promptNonce) {
    turn.notice = texts.t(turn.conversation.language, 'common:stale');
    return;
  }
  if (choice === 'yes') {
    turn.eraseConversation = true;
    turn.notice = texts.t(turn.conversation.language, 'common:forget.done');
    return;
  }
  turn.set({ promptNonce: null });
  turn.notice = texts.t(turn.conversation.language, 'common:forget.kept');
}

/** `/mydata`: what Haven keeps about the person, in their language. */
export async function describeMyData(
  turn: TurnBuilder,
  input: SafetyInput,
  context: DialogueContext,
): Promise<void> {
  const messages = (await input.earlierMessages()).filter(
    (message) => message.author !== 'haven' || message.body,
  );
  const values = {
    messages: messages.length,
    answers: await input.earlierAnswerCount(),
    language: context.nativeName(turn.conversation.language),
  };
  say(turn, { type: 'say', key: 'common:mydata.text', values }, context);
}
