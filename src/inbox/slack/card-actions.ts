import type { CaseCard } from '../../core/inbox/case-card.js';
import type { CaseAction } from '../../core/index.js';

/** The buttons of a case card; each one's action_id is `case:<button>`. */
export type CardButton =
  | 'reply'
  | 'assign'
  | 'unassign'
  | 'urgent'
  | 'not_urgent'
  | 'close'
  | 'reopen'
  | 'hand_back'
  | 'revoke_resume_code';

export const CARD_ACTION_PREFIX = 'case:';
/** action_ids of the case card, as Bolt routes them. */
export const CARD_ACTION_PATTERN = /^case:/;
/** callback_id of the modal that asks about a goodbye before a case is closed. */
export const CLOSE_MODAL_CALLBACK = 'case:close';
/** action_id of `Reply…`, which opens the reply dialog (see reply-modal.ts). */
export const REPLY_BUTTON = 'case:reply';

export function actionIdOf(button: CardButton): string {
  return `${CARD_ACTION_PREFIX}${button}`;
}

/**
 * What the card offers in the state it shows: a closed case can only be reopened; an open one can be
 * answered through the reply dialog, toggles assignment and urgency and can be closed; a case a
 * caseworker answers can be handed back to the flows; a resume code the person holds can be revoked.
 */
export function buttonsFor(card: CaseCard): CardButton[] {
  // A resume code can be revoked whatever the case's state: a reopened case would accept it again.
  const revoke: CardButton[] = card.resumeCode ? ['revoke_resume_code'] : [];
  if (card.status === 'closed') return ['reopen', ...revoke];
  const buttons: CardButton[] = [
    'reply',
    card.assignee ? 'unassign' : 'assign',
    card.urgent ? 'not_urgent' : 'urgent',
    'close',
  ];
  if (card.mode === 'human') buttons.push('hand_back');
  return [...buttons, ...revoke];
}

/**
 * The core action a click stands for. `case:close` has none here: it first asks whether to send the
 * person a goodbye, and the modal's submission carries the answer. Nor has `case:reply`: it opens the
 * reply dialog.
 */
export function caseActionOf(actionId: string): Exclude<CaseAction, { type: 'close' }> | undefined {
  switch (actionId) {
    case 'case:assign':
      return { type: 'assign' };
    case 'case:unassign':
      return { type: 'unassign' };
    case 'case:urgent':
      return { type: 'urgent' };
    case 'case:not_urgent':
      return { type: 'not_urgent' };
    case 'case:reopen':
      return { type: 'reopen' };
    case 'case:hand_back':
      return { type: 'hand_back' };
    case 'case:revoke_resume_code':
      return { type: 'revoke_resume_code' };
    default:
      return undefined;
  }
}
