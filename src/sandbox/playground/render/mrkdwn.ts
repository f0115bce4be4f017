import { escapeHtml, type Html, trusted } from '../html.js';

/**
 * Slack mrkdwn as the Slack client shows it, enough for a caseworker to read Haven's messages: bold,
 * italic, strike, code, quotes, links and mentions. Slack sends `&`, `<` and `>` escaped; they are decoded
 * first and every character is escaped again for HTML, so nothing in the text can become markup.
 */
export function mrkdwnToHtml(text: string, names: Readonly<Record<string, string>> = {}): Html {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(/<([^<>\n]+)>/g)) {
    parts.push(formatRun(text.slice(last, match.index)));
    parts.push(special(match[1] ?? '', names));
    last = match.index + match[0].length;
  }
  parts.push(formatRun(text.slice(last)));
  return trusted(quoteLines(parts.join('')));
}

/** `<https://x|label>`, `<@U123>`, `<#C123|name>`, `<!here>`, `<!date^…|fallback>`. */
function special(inner: string, names: Readonly<Record<string, string>>): string {
  const [target = '', label] = splitOnce(inner, '|');
  const mention = (name: string) => `<span class="sl-mention">${escapeHtml(name)}</span>`;
  if (target.startsWith('@')) return mention(`@${names[target.slice(1)] ?? label ?? target.slice(1)}`);
  if (target.startsWith('#')) return mention(`#${label ?? target.slice(1)}`);
  if (target.startsWith('!date^')) return dateText(target, label);
  if (target.startsWith('!')) return mention(`@${label ?? target.slice(1).split('^')[0] ?? ''}`);
  if (/^(https?:|mailto:)/i.test(target)) {
    const href = escapeHtml(decodeEntities(target));
    return `<a href="${href}" target="_blank" rel="noopener noreferrer">${escapeHtml(decodeEntities(label ?? target))}</a>`;
  }
  return escapeHtml(`<${decodeEntities(inner)}>`);
}

/** Formatting inside plain runs of text; code spans first, so nothing inside them is formatted. */
function formatRun(run: string): string {
  const pieces = decodeEntities(run).split(/(```[\s\S]*?```|`[^`\n]+`)/);
  return pieces
    .map((piece, index) => {
      if (index % 2 === 1) {
        return piece.startsWith('```')
          ? `<pre class="sl-pre">${escapeHtml(piece.slice(3, -3))}</pre>`
          : `<code>${escapeHtml(piece.slice(1, -1))}</code>`;
      }
      return escapeHtml(piece)
        .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
        .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
        .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>');
    })
    .join('');
}

/** Lines starting with "&gt; " (an escaped "> ") are block quotes. */
function quoteLines(markup: string): string {
  return markup
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') ? `<span class="sl-quote">${line.slice(5)}</span>` : line))
    .join('\n');
}

/** `<!date^1700000000^{date_short_pretty} {time}|fallback>`: the moment in the server's time zone. */
function dateText(target: string, fallback: string | undefined): string {
  const seconds = Number(target.split('^')[1]);
  if (!Number.isFinite(seconds)) return escapeHtml(decodeEntities(fallback ?? ''));
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return `<time>${escapeHtml(text)}</time>`;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
