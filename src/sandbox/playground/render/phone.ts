import { type Html, html } from '../html.js';
import type { PhoneButton, PhoneMessage, PhoneView } from '../view.js';
import { readableText } from './telegram-text.js';
import { clock } from './time.js';

/**
 * The left pane: the person's Telegram chat with the bot. Every bubble has dir="auto", so Arabic and
 * Persian read right to left while the page stays left to right.
 */
export function renderPhone(view: PhoneView): Html {
  if (view.messages.length === 0) {
    return html`<p class="tg-empty">No messages yet. Write something below, as ${view.person.firstName} would.</p>`;
  }
  return html`${view.messages.map((message) => bubble(message))}`;
}

/** Quick replies of a reply keyboard; tapping one sends its text, as Telegram does. */
export function renderReplyKeyboard(view: PhoneView): Html {
  if (!view.replyKeyboard) return html``;
  return html`${view.replyKeyboard.map(
    (row) =>
      html`<div class="tg-row">${row.map(
        (text) =>
          html`<button type="button" class="tg-button" data-action="say" data-text="${text}" dir="auto">${text}</button>`,
      )}</div>`,
  )}`;
}

const MEDIA_LABEL: Record<string, string> = {
  photo: '📷 Photo',
  document: '📄 Document',
  voice: '🎤 Voice message',
  video: '🎬 Video',
  audio: '🎵 Audio',
  animation: '🎞 GIF',
  sticker: '🏷 Sticker',
};

function bubble(message: PhoneMessage): Html {
  const text = message.text === undefined ? undefined : readableText(message.text, message.parseMode);
  return html`<div class="tg-msg tg-${message.from}" data-message-id="${message.messageId}">
    <div class="tg-bubble">
      ${message.media ? html`<div class="tg-media">${MEDIA_LABEL[message.media] ?? message.media}</div>` : ''}
      ${text === undefined ? '' : html`<div class="tg-text" dir="auto">${text}</div>`}
      <div class="tg-meta">${message.edited ? 'edited · ' : ''}${clock(message.date * 1000)}${delivery(message)}</div>
    </div>
    ${message.buttons.length ? keyboard(message) : ''}
  </div>`;
}

/** Whether Haven's webhook took the person's message: what a developer looks for first when nothing happens. */
function delivery(message: PhoneMessage): Html | string {
  if (message.from !== 'person') return '';
  if (message.status === undefined) {
    return html` <span class="tg-failed" title="The fake Telegram did not deliver this update: Haven has not asked for it">⚠ not delivered</span>`;
  }
  if (message.status >= 300) {
    return html` <span class="tg-failed" title="Haven's webhook refused it">⚠ HTTP ${message.status}</span>`;
  }
  return html` <span class="tg-ok" title="Haven's webhook accepted it">✓</span>`;
}

function keyboard(message: PhoneMessage): Html {
  return html`<div class="tg-keyboard">${message.buttons.map(
    (row) => html`<div class="tg-row">${row.map((button) => inlineButton(message.messageId, button))}</div>`,
  )}</div>`;
}

function inlineButton(messageId: number, button: PhoneButton): Html {
  if (button.callbackData !== undefined) {
    return html`<button type="button" class="tg-button" data-action="tap" data-message-id="${messageId}" data-callback="${button.callbackData}" dir="auto">${button.text}</button>`;
  }
  if (button.url !== undefined && /^https?:/i.test(button.url)) {
    return html`<a class="tg-button" href="${button.url}" target="_blank" rel="noopener noreferrer" dir="auto">${button.text} ↗</a>`;
  }
  return html`<button type="button" class="tg-button" disabled dir="auto">${button.text}</button>`;
}
