import type { Conversation } from '../model.js';
import { afterOfficeMinutes, parseOfficeHours } from '../office-hours.js';
import { answeringCentre } from '../routing.js';
import type { DialogueContext } from './context.js';
import type { TurnBuilder } from './turn-builder.js';

/**
 * The person wrote and now waits for the team: unless a caseworker answers within `reminderMinutes` of
 * office time, the thread pings the assignee (or the channel). Only the first message of a wait sets the
 * timer, so a person who writes ten times while waiting causes one ping, not ten.
 */
export function remindIfUnanswered(before: Conversation, turn: TurnBuilder, context: DialogueContext): void {
  const minutes = context.reminderMinutes ?? 0;
  if (minutes <= 0 || !startsAWait(before)) return;
  const centre = answeringCentre(turn.conversation.facts, context.routing);
  const hours = centre?.officeHours
    ? parseOfficeHours(centre.officeHours, context.routing.timeZone ?? 'Europe/Brussels')
    : undefined;
  const due = afterOfficeMinutes(hours, turn.now, minutes);
  if (due === undefined) return;
  turn.outbox.push({
    conversationId: before.id,
    lane: 'timer',
    kind: 'inbox.remind',
    payload: { since: turn.now },
    notBefore: due,
  });
}

/**
 * Whether this message begins a wait: the case is new, or the team had answered (waiting for the person)
 * or closed it. While a case is `new` or `open` after the person's last message, a timer already runs.
 */
function startsAWait(before: Conversation): boolean {
  return (
    before.version === 0 ||
    before.lastPersonMessageAt === null ||
    before.status === 'waiting' ||
    before.status === 'closed'
  );
}
