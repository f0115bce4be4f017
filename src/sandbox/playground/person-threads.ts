import type { SlackMessage } from '../fake-slack.js';

/**
 * Which simulated person a case thread belongs to. The fake Slack knows nothing of Telegram chats, and the
 * playground must not ask Haven's storage, so it recognises a thread by what Haven relayed into it: the
 * words each person wrote. A thread goes to the person with the most of their messages found in it.
 */

interface PersonWords {
  chatId: number;
  messages: Array<{ text?: string }>;
}

export function threadsOfPeople(messages: SlackMessage[], people: PersonWords[]): Map<string, number> {
  const replies = new Map<string, string[]>();
  for (const message of messages) {
    if (message.deleted || !message.thread_ts || message.thread_ts === message.ts) continue;
    const texts = replies.get(message.thread_ts) ?? [];
    texts.push(...wordsIn(message));
    replies.set(message.thread_ts, texts);
  }
  const owners = new Map<string, number>();
  for (const [threadTs, texts] of replies) {
    let best: { chatId: number; score: number } | undefined;
    for (const person of people) {
      const score = person.messages.filter(
        (m) => m.text !== undefined && texts.some((text) => text.includes(normalise(m.text!))),
      ).length;
      // Ties go to the later person: a newer conversation is the likelier one to reuse common words.
      if (score > 0 && (!best || score >= best.score)) best = { chatId: person.chatId, score };
    }
    if (best) owners.set(threadTs, best.chatId);
  }
  return owners;
}

/** The message text and every plain_text in its blocks, whitespace normalised. */
function wordsIn(message: SlackMessage): string[] {
  const found = [message.text];
  collectPlainText(message.blocks ?? [], found);
  return found.map(normalise).filter((text) => text !== '');
}

function collectPlainText(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectPlainText(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.type === 'plain_text' && typeof record.text === 'string') into.push(record.text);
  for (const value of Object.values(record)) collectPlainText(value, into);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
