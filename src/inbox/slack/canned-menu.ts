import type { SectionBlock } from '@slack/web-api';
import type { CaseCard } from '../../core/inbox/case-card.js';
import { CANNED_REPLIES, type CannedReplyInput } from '../../core/index.js';
import type { InboxWords } from './card-text.js';

/**
 * The case card's "Send information…" menu: one option per canned reply, labelled in the inbox language.
 * Choosing one sends it to the person at once, in their language. Its own action_id (not `case:`), so
 * the card buttons' listeners never see it.
 */
export const CANNED_ACTION_ID = 'canned:send';
export const CANNED_BLOCK_ID = 'case-card-canned';

/** Slack's overflow menu takes two to five options. */
const MAX_OVERFLOW_OPTIONS = 5;

/** The menu, as a section with an overflow accessory; none on a closed case, whose card offers only Reopen. */
export function cannedMenuBlock(card: CaseCard, words: InboxWords): SectionBlock | undefined {
  if (card.status === 'closed') return undefined;
  return {
    type: 'section',
    block_id: CANNED_BLOCK_ID,
    text: { type: 'plain_text', text: words.t('card:canned.prompt'), emoji: true },
    accessory: {
      type: 'overflow',
      action_id: CANNED_ACTION_ID,
      options: CANNED_REPLIES.slice(0, MAX_OVERFLOW_OPTIONS).map((reply) => ({
        text: { type: 'plain_text', text: words.t(`card:canned.label.${reply.id}`), emoji: true },
        value: reply.id,
      })),
    },
  };
}

/** The parts of a block_actions payload a menu choice is read from (Bolt's and the raw one alike). */
export interface MenuChoicePayload {
  type?: string;
  user?: { id?: string };
  channel?: { id?: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts?: string };
  actions?: Array<{ action_id?: string; action_ts?: string; selected_option?: { value?: string } }>;
}

/**
 * The canned reply a caseworker chose on a case card, as a core input; undefined for anything else (another
 * element, a channel Haven does not serve). Which case: the card is the thread's parent, so the clicked
 * message's ts is the case's thread.
 */
export function cannedChoiceOf(
  payload: MenuChoicePayload,
  inboxChannels: ReadonlySet<string>,
): CannedReplyInput | undefined {
  if (payload.type !== 'block_actions') return undefined;
  const actor = payload.user?.id;
  const choice = payload.actions?.find((action) => action.action_id === CANNED_ACTION_ID);
  const reply = choice?.selected_option?.value;
  const inboxChannel = payload.channel?.id ?? payload.container?.channel_id;
  const inboxThread = payload.message?.ts ?? payload.container?.message_ts;
  if (!actor || !choice || !reply || !inboxChannel || !inboxThread || !inboxChannels.has(inboxChannel)) {
    return undefined;
  }
  return {
    // Slack never resends a choice, and two choices have two action_ts: this key is per choice.
    eventKey: `canned:${actor}:${choice.action_ts ?? ''}:${reply}`,
    target: { inboxChannel, inboxThread },
    actor,
    reply,
  };
}
