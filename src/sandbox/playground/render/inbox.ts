import type { SlackMessage } from '../../fake-slack.js';
import { type Html, html } from '../html.js';
import { CASEWORKER } from '../playground.js';
import type { InboxThread, InboxView } from '../view.js';
import { renderBlocks, textObject } from './block-kit.js';
import { mrkdwnToHtml } from './mrkdwn.js';
import { clock } from './time.js';

/**
 * The right pane: the caseworkers' Slack channel(s) as Haven fills them. Each case is its parent message
 * (the case card) with its thread beneath and a box to reply in the thread, as a caseworker would.
 */
export function renderInbox(view: InboxView, activeChatId: number): Html {
  const threads = view.channels.reduce((count, channel) => count + channel.threads.length, 0);
  return html`${view.dialogs.map(renderDialog)}${view.channels.map(
    (channel) => html`<section class="sl-channel" data-channel="${channel.id}">
      <h3 class="sl-channel-name"># ${channel.id}</h3>
      ${channel.threads.map((thread) => renderThread(thread, activeChatId, view.names))}
    </section>`,
  )}${threads === 0 ? html`<p class="sl-empty">No cases yet. When the person writes, Haven opens a thread here.</p>` : ''}`;
}

type Names = Readonly<Record<string, string>>;

/**
 * A dialog Haven opened (a Slack modal: Reply…, Close…), on top of the channel as in Slack: its blocks with
 * working fields and buttons, and the modal's own close and submit buttons.
 */
function renderDialog(view: Record<string, unknown>): Html {
  const id = String(view.id ?? '');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  return html`<form class="sl-dialog" data-action="dialog" data-view-id="${id}">
    <div class="sl-dialog-title">${textObject(view.title)}</div>
    ${renderBlocks(blocks, { channel: '', ts: '', viewId: id })}
    <div class="sl-dialog-buttons">
      <button type="button" class="sl-btn" data-action="dialog-close" data-view-id="${id}">${view.close ? textObject(view.close) : 'Cancel'}</button>
      ${view.submit ? html`<button type="submit" class="sl-btn sl-btn-primary">${textObject(view.submit)}</button>` : ''}
    </div>
  </form>`;
}

function renderThread(thread: InboxThread, activeChatId: number, names: Names): Html {
  const { channel, parent } = thread;
  const active = thread.person?.chatId === activeChatId ? ' sl-thread-active' : '';
  return html`<article class="sl-thread${active}" data-channel="${channel}" data-thread-ts="${parent.ts}">
    ${thread.person ? html`<div class="sl-thread-person">${thread.person.firstName} · ${thread.person.languageCode}</div>` : ''}
    ${renderMessage(parent, channel, names)}
    ${
      thread.replies.length
        ? html`<div class="sl-replies"><div class="sl-reply-count">${thread.replies.length} ${thread.replies.length === 1 ? 'reply' : 'replies'}</div>${thread.replies.map((reply) => renderMessage(reply, channel, names))}</div>`
        : ''
    }
    <form class="sl-reply-form" data-action="reply" data-channel="${channel}" data-thread-ts="${parent.ts}">
      <input name="text" class="sl-reply-input" data-keep="reply:${channel}:${parent.ts}" placeholder="Reply in thread…" autocomplete="off" dir="auto">
      <label class="sl-to-person" title="Starts the message with @Haven, which sends it to the person. Unticked, it is sent as typed: an internal note in Haven's default reply mode."><input type="checkbox" name="toPerson" data-keep="to-person:${channel}:${parent.ts}" checked> @Haven</label>
      <button type="submit" class="sl-btn sl-btn-primary">Reply</button>
    </form>
  </article>`;
}

export function renderMessage(message: SlackMessage, channel: string, names: Names = {}): Html {
  if (message.deleted) {
    return html`<div class="sl-msg sl-deleted" data-ts="${message.ts}">This message was deleted.</div>`;
  }
  const body =
    message.blocks && message.blocks.length > 0
      ? renderBlocks(message.blocks, { channel, ts: message.ts, names })
      : html`<div class="sl-text">${mrkdwnToHtml(message.text, names)}</div>`;
  return html`<div class="sl-msg" data-ts="${message.ts}">
    <div class="sl-head">
      <span class="sl-author">${author(message, names)}</span>${message.bot_id ? html`<span class="sl-app">APP</span>` : ''}
      <time class="sl-time">${clock(Number(message.ts) * 1000)}</time>${message.edited ? html`<span class="sl-edited">(edited)</span>` : ''}
    </div>
    <div class="sl-body" dir="auto">${body}${attachments(message, names)}${files(message)}</div>
    ${reactions(message)}
  </div>`;
}

function author(message: SlackMessage, names: Names): string {
  if (message.bot_id) return 'Haven';
  if (message.user === CASEWORKER) return 'Caseworker';
  return (message.user && names[message.user]) ?? message.user ?? 'unknown';
}

/** Legacy attachments: their own text or fallback, enough to see that something is there. */
function attachments(message: SlackMessage, names: Names): Html | string {
  if (!message.attachments?.length) return '';
  return html`${message.attachments.map((attachment) => {
    const a = (attachment ?? {}) as { text?: unknown; fallback?: unknown; color?: unknown };
    const text = typeof a.text === 'string' ? a.text : typeof a.fallback === 'string' ? a.fallback : '';
    return html`<div class="sl-attachment">${mrkdwnToHtml(text, names)}</div>`;
  })}`;
}

function files(message: SlackMessage): Html | string {
  if (!message.files?.length) return '';
  return html`${message.files.map((file) => html`<div class="sl-file">📎 ${file.name} <span class="sl-file-size">${file.mimetype}, ${file.size} bytes</span></div>`)}`;
}

/** Reaction names as emoji where the common ones are known; others as :name:. */
const EMOJI: Record<string, string> = {
  eyes: '👀',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  warning: '⚠️',
  rotating_light: '🚨',
  sos: '🆘',
  speech_balloon: '💬',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  x: '❌',
  inbox_tray: '📥',
  outbox_tray: '📤',
  envelope: '✉️',
  incoming_envelope: '📨',
  lock: '🔒',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  '+1': '👍',
  thumbsup: '👍',
  raised_hand: '✋',
  bell: '🔔',
  exclamation: '❗',
  no_entry: '⛔',
  telephone_receiver: '📞',
  mailbox_with_mail: '📬',
};

function reactions(message: SlackMessage): Html | string {
  if (!message.reactions.length) return '';
  return html`<div class="sl-reactions">${message.reactions.map(
    (name) => html`<span class="sl-reaction" title=":${name}:">${EMOJI[name] ?? `:${name}:`} 1</span>`,
  )}</div>`;
}
