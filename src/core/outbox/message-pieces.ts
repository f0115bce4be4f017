import type { StoredMessage } from '../model.js';
import { splitText } from '../split-text.js';

/**
 * A message too long for the chat channel goes out as several messages. Their ids are kept in the stored
 * message's `channelMessageId`, space-separated and in order, and while some are still to be sent the list
 * ends with PENDING: an attempt that was interrupted (a rate limit, a crash) resumes after the last piece
 * that went out, and quick exit can delete every piece. A message sent in one piece keeps a plain id.
 */
const PENDING = '+';

export interface SentPieces {
  /** The ids of the pieces already in the person's chat, in order. */
  ids: string[];
  /** True once every piece went out. */
  complete: boolean;
}

export function sentPiecesOf(message: Pick<StoredMessage, 'channelMessageId'>): SentPieces {
  const words = (message.channelMessageId ?? '').split(' ').filter((word) => word !== '');
  const pending = words.at(-1) === PENDING;
  const ids = pending ? words.slice(0, -1) : words;
  return { ids, complete: ids.length > 0 && !pending };
}

/** The `channelMessageId` to store after sending the pieces with these ids. */
export function recordPieces(ids: readonly string[], complete: boolean): string {
  return complete ? ids.join(' ') : [...ids, PENDING].join(' ');
}

/** Every id a message has in the person's chat: one, or one per piece. */
export function channelMessageIdsOf(message: Pick<StoredMessage, 'channelMessageId'>): string[] {
  return sentPiecesOf(message).ids;
}

/**
 * The pieces `body` is sent in. `maxLength` is the channel's limit for one message; `prefixLength` what
 * the channel adds in front of every piece (silent mode's neutral first line).
 */
export function piecesOf(body: string, maxLength: number | undefined, prefixLength = 0): string[] {
  if (maxLength === undefined) return [body];
  const limit = maxLength - prefixLength;
  if (body.length <= limit) return [body];
  return splitText(body, Math.max(2, limit));
}
