import type { ModalView } from '@slack/web-api';
import { caseAlias } from '../../core/inbox/alias.js';
import type { Texts } from '../../core/index.js';
import { CLOSE_MODAL_CALLBACK } from './card-actions.js';
import { inboxWords } from './card-text.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** block_id and action_id of the goodbye checkbox; view_submission errors are addressed to the block. */
export const GOODBYE_BLOCK = 'goodbye';
const GOODBYE_ACTION = 'goodbye';
const GOODBYE_VALUE = 'send';

/** Which case the modal closes; carried in private_metadata, since a submission has no message. */
export interface CloseTarget {
  inboxChannel: string;
  inboxThread: string;
}

/**
 * The question before a case is closed: whether Haven should send the person a goodbye in their own
 * language. Off by default, because a message can be unsafe for someone whose phone is watched.
 */
export function renderCloseModal(input: {
  target: CloseTarget;
  caseNumber: number | undefined;
  texts: Texts;
  inboxLanguage: string;
}): ModalView {
  const words = inboxWords(input.texts, input.inboxLanguage);
  const alias = input.caseNumber === undefined ? '' : caseAlias(input.caseNumber);
  return {
    type: 'modal',
    callback_id: CLOSE_MODAL_CALLBACK,
    private_metadata: JSON.stringify(input.target),
    title: { type: 'plain_text', text: words.t('card:closeModal.title') },
    submit: { type: 'plain_text', text: words.t('card:closeModal.submit') },
    close: { type: 'plain_text', text: words.t('card:closeModal.cancel') },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: escapeMrkdwn(words.t('card:closeModal.intro', { alias })) },
      },
      {
        type: 'input',
        block_id: GOODBYE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: words.t('card:closeModal.goodbyeLabel') },
        element: {
          type: 'checkboxes',
          action_id: GOODBYE_ACTION,
          options: [
            {
              text: { type: 'plain_text', text: words.t('card:closeModal.goodbye') },
              value: GOODBYE_VALUE,
            },
          ],
        },
      },
    ],
  };
}

/** The case a submitted modal closes, or undefined when its metadata is not Haven's. */
export function closeTargetOf(privateMetadata: string | undefined): CloseTarget | undefined {
  try {
    const parsed: unknown = JSON.parse(privateMetadata ?? '');
    const { inboxChannel, inboxThread } = (parsed ?? {}) as Partial<CloseTarget>;
    if (typeof inboxChannel !== 'string' || typeof inboxThread !== 'string') return undefined;
    return { inboxChannel, inboxThread };
  } catch {
    return undefined;
  }
}

/** Whether the goodbye box was ticked, read from a view_submission's state. */
export function goodbyeChosen(stateValues: unknown): boolean {
  const block = (stateValues as Record<string, Record<string, unknown>> | undefined)?.[GOODBYE_BLOCK];
  const selected = (block?.[GOODBYE_ACTION] as { selected_options?: { value?: string }[] } | undefined)
    ?.selected_options;
  return Array.isArray(selected) && selected.some((option) => option.value === GOODBYE_VALUE);
}
