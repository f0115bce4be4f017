import { flowVariables } from '../routing.js';
import type { DialogueContext } from './context.js';
import { CANNED_REPLY_KIND, type TurnBuilder } from './turn-builder.js';

/**
 * Prepared information a caseworker sends a person in one click, in the person's language. The texts are
 * in locales/<lang>/canned.json (every language), the caseworkers' labels in card.json `canned.label.<id>`.
 * A reply is made of parts; a part that needs a fact the centre did not configure (an address, opening
 * hours) is left out, and another stands in where one is given, so no sentence ever has a hole.
 */
export interface CannedReply {
  /** What caseworkers type after `/haven send <case>`; also the key of its label. */
  id: string;
  parts: readonly CannedPart[];
}

interface CannedPart {
  /** The text in canned.json. */
  key: string;
  /** Shown only when this value is known. */
  when?: CentreFact;
  /** Shown only when this value is not known. */
  unless?: CentreFact;
}

/** The centre facts a part may depend on: the routing table has them for some centres only. */
type CentreFact = 'centreAddress' | 'centreHours';

/**
 * Every canned reply, in the order caseworkers see them. Slack's overflow menu holds five options at most:
 * a sixth needs another way to choose.
 */
export const CANNED_REPLIES: readonly CannedReply[] = [
  {
    id: 'address',
    parts: [
      { key: 'address.at', when: 'centreAddress' },
      { key: 'address.meet', unless: 'centreAddress' },
      { key: 'address.hours', when: 'centreHours' },
      { key: 'address.phone', when: 'centreAddress' },
      { key: 'address.callFirst', when: 'centreAddress', unless: 'centreHours' },
    ],
  },
  { id: 'services', parts: [{ key: 'services' }] },
  { id: 'reflection', parts: [{ key: 'reflection' }] },
  { id: 'police', parts: [{ key: 'police' }] },
  { id: 'reassurance', parts: [{ key: 'reassurance' }] },
];

export function findCannedReply(id: string): CannedReply | undefined {
  return CANNED_REPLIES.find((reply) => reply.id === id.trim().toLowerCase());
}

/** Every text key a reply may use, whatever the centre knows (for checks that each exists). */
export function cannedTextKeys(reply: CannedReply): string[] {
  return reply.parts.map((part) => `canned:${part.key}`);
}

/** What a canned reply came to: sent, or held back because the person said it is not safe to chat. */
export type CannedReplyResult = 'sent' | 'not_safe';

/** A caseworker chose a canned reply, on a case card or with `/haven send`. */
export interface CannedReplyInput {
  /** The platform's idempotency key (one per click or command). */
  eventKey: string;
  /** The case: by its thread (a click on its card) or by its number (a command typed anywhere). */
  target: { inboxChannel: string; inboxThread: string } | { caseNumber: number };
  /** The caseworker (inbox user id). */
  actor: string;
  /** A CANNED_REPLIES id. */
  reply: string;
}

/** What became of it, with the case it went to, so the caseworker can be told and pointed to the thread. */
export type CannedReplyOutcome =
  | {
      outcome: CannedReplyResult;
      caseNumber: number;
      inboxChannel: string;
      /** Null while the case's thread is still being opened. */
      inboxThread: string | null;
    }
  | { outcome: 'duplicate' | 'unknown_case' | 'unknown_reply' };

/**
 * A caseworker chose a canned reply for this case. It goes to the person like a caseworker's reply does
 * (a case closed or waiting opens for the person again, and a human answers from now on), and the thread
 * shows exactly what was sent, in the caseworkers' language. The one exception: a person who said it is
 * not safe to chat gets nothing until they write again, and the thread says why.
 */
export function sendCannedReply(
  turn: TurnBuilder,
  reply: CannedReply,
  actor: string,
  context: DialogueContext,
): CannedReplyResult {
  const { texts, inboxLanguage, routing } = context;
  const { conversation } = turn;
  const label = texts.t(inboxLanguage, `card:canned.label.${reply.id}`);
  if (conversation.silenced) {
    turn.caseEvent(actor, `canned_not_safe:${reply.id}`);
    turn.noteForInbox(texts.t(inboxLanguage, 'inbox:canned.notSafe', { reply: label }));
    return 'not_safe';
  }
  const values = flowVariables(conversation.facts, routing);
  const inPersonLanguage = cannedText(reply, values, (key) => texts.t(conversation.language, key, values));
  const inInboxLanguage = cannedText(reply, values, (key) => texts.t(inboxLanguage, key, values));
  turn.toPerson(inPersonLanguage, {
    kind: CANNED_REPLY_KIND,
    inboxText: texts.t(inboxLanguage, 'inbox:canned.sent', { reply: label, text: inInboxLanguage }),
  });
  turn.set({ mode: 'human', status: 'waiting', closedAt: null });
  if (conversation.status === 'new' && !conversation.assignee) turn.set({ assignee: actor });
  turn.caseEvent(actor, `canned:${reply.id}`);
  return 'sent';
}

function cannedText(
  reply: CannedReply,
  values: Readonly<Record<string, string>>,
  translate: (key: string) => string,
): string {
  return reply.parts
    .filter((part) => applies(part, values))
    .map((part) => translate(`canned:${part.key}`))
    .join('\n');
}

/** A part is shown when the fact it needs is known and the fact it stands in for is not. */
function applies(part: CannedPart, values: Readonly<Record<string, string>>): boolean {
  const known = (fact: CentreFact | undefined) => fact !== undefined && Boolean(values[fact]);
  return (part.when === undefined || known(part.when)) && !known(part.unless);
}
