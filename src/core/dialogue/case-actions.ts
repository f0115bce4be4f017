import type { CaseActionInput } from '../model.js';
import type { DialogueContext } from './context.js';
import { say } from './flow-effects.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * What a caseworker's button on the case card does. Every action is recorded (who, what, when) and shown in
 * the thread as one compact line; only closing with a goodbye ever reaches the person.
 */
export function applyCaseAction(turn: TurnBuilder, input: CaseActionInput, context: DialogueContext): void {
  const { texts, inboxLanguage } = context;
  const { action, actor } = input;
  const { conversation } = turn;
  switch (action.type) {
    case 'assign':
      turn.set({ assignee: actor, ...(conversation.status === 'new' ? { status: 'open' as const } : {}) });
      break;
    case 'unassign':
      turn.set({ assignee: null });
      break;
    case 'urgent':
      turn.set({ urgent: conversation.urgent ?? 'marked' });
      break;
    case 'not_urgent':
      turn.set({ urgent: null });
      break;
    case 'close':
      turn.set({ status: 'closed', closedAt: turn.now, flow: null });
      if (action.goodbye) say(turn, { type: 'say', key: 'common:goodbye' }, context);
      break;
    case 'reopen':
      turn.set({ status: 'open', closedAt: null });
      break;
    case 'hand_back':
      // Haven answers again; the person restarts a flow with /start or a button when they want one.
      turn.set({ mode: 'bot' });
      break;
    case 'revoke_resume_code':
      // The relay deleted the code (the store is not part of a turn); the card stops offering it.
      turn.refreshCard();
      break;
  }
  const name = action.type === 'close' && action.goodbye ? 'close_with_goodbye' : action.type;
  turn.caseEvent(actor, name);
  turn.noteForInbox(
    texts.t(inboxLanguage, `inbox:action.${name}`, { actor: caseworkerMention(actor, context) }),
    'action',
  );
}

/**
 * The actor of a case-log line: an inbox user id, shown as a mention of a caseworker (never the person);
 * anything else is not an id and is not echoed.
 */
export function caseworkerMention(actor: string, context: Pick<DialogueContext, 'texts' | 'inboxLanguage'>) {
  return /^[A-Z0-9]{2,}$/.test(actor)
    ? `<@${actor}>`
    : context.texts.t(context.inboxLanguage, 'inbox:aCaseworker');
}
