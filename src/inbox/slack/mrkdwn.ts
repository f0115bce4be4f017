/**
 * Text crossing between people and Slack. Slack's mrkdwn gives meaning to exactly three characters:
 * escaping them keeps a person's text from pinging (<!channel>, <@U…>) or forging links.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A caseworker's Slack message as plain text for the person: links and mentions become readable text,
 * and Slack's escapes are undone (Telegram gets no parse mode, so nothing in it is markup).
 */
export function slackToPlainText(text: string): string {
  return text
    .replace(/<((?:https?|mailto|tel):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      label === url.replace(/^(mailto|tel):/, '') ? label : `${label} (${url.replace(/^mailto:/, '')})`,
    )
    .replace(/<((?:https?|mailto|tel):[^>]+)>/g, (_, url: string) => url.replace(/^(mailto|tel):/, ''))
    .replace(/<[@#!][^>|]*\|([^>]+)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Splits text into pieces of at most `limit` UTF-16 units, preferring line and word breaks, never
 * splitting a surrogate pair and never producing an empty piece (unless the text itself is empty).
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError('splitText needs a limit of at least 2 (one surrogate pair)');
  const pieces: string[] = [];
  let rest = text.trim() === '' ? text : text.trimStart();
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // do not separate a surrogate pair
    const piece = rest.slice(0, cut).trimEnd();
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** A Slack user id: members (U…) and Enterprise Grid users (W…). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U…>` for a Slack user id (a caseworker or Haven, never the person); undefined for anything else. */
export function userMention(userId: string): string | undefined {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : undefined;
}

/**
 * Splits off a mention of `botUserId` at the very start of a message ("<@U0HAVEN> hello",
 * "<@U0HAVEN|haven>: hello"), with the spaces and punctuation after it. Mentions elsewhere, or of
 * anyone else, leave the text as it is.
 */
export function stripLeadingMention(
  text: string,
  botUserId: string | undefined,
): { text: string; mentioned: boolean } {
  const match = /^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>[\s,:]*/.exec(text);
  if (!match || botUserId === undefined || match[1] !== botUserId) return { text, mentioned: false };
  return { text: text.slice(match[0].length), mentioned: true };
}
