import type { CaseworkerComposedReplyInput } from '../model.js';
import { caseworkerMention } from './case-actions.js';
import type { DialogueContext } from './context.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * A reply sent from the inbox's reply dialog, after its preview: the thread shows who sent it (a case-log
 * line) and then the reply, with its original when the person receives a translation; the person receives
 * exactly the previewed text. Like any reply, it means a human answers from now on.
 */
export function sendComposedReply(
  turn: TurnBuilder,
  input: CaseworkerComposedReplyInput,
  context: DialogueContext,
): void {
  const { texts, inboxLanguage } = context;
  const { preview, author } = input;
  const { conversation } = turn;
  turn.caseEvent(author, 'composed_reply');
  turn.noteForInbox(
    texts.t(inboxLanguage, 'inbox:action.composed_reply', { actor: caseworkerMention(author, context) }),
    'action',
  );
  const inboxText = preview.translation
    ? texts.t(inboxLanguage, 'inbox:composedReply.translated', {
        original: preview.original,
        to: preview.translation.language,
        provider: preview.translation.provider,
        text: preview.toSend,
      })
    : null;
  turn.composedByCaseworker(preview.toSend, inboxText);
  // From now on a human answers: the flows pause until the case is handed back.
  turn.set({ mode: 'human', status: 'waiting', closedAt: null });
  if (conversation.status === 'new' && !conversation.assignee) turn.set({ assignee: author });
}
