import { type Html, html, trusted } from '../html.js';
import { LANGUAGES } from '../languages.js';
import type { Scenario } from '../scenarios/types.js';
import type { PersonSummary } from '../view.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { STYLES } from './styles.js';

/** Drawn inline: emoji fonts are missing on many Linux machines, and the sandbox loads nothing from outside. */
const CAMERA_ICON = trusted(
  '<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true"><path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/></svg>',
);

export interface PageParts {
  version: number;
  activeChatId: number;
  people: PersonSummary[];
  scenarios: readonly Scenario[];
  phoneHtml: Html;
  replyKeyboardHtml: Html;
  inboxHtml: Html;
}

/** The whole page, with both panes already rendered so it reads right before the script runs. */
export function renderPage(parts: PageParts): Html {
  const active = parts.people.find((p) => p.chatId === parts.activeChatId);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Haven playground</title>
<link rel="icon" href="data:,">
<style>${trusted(STYLES)}</style>
</head>
<body data-version="${parts.version}" data-chat-id="${parts.activeChatId}">
<header class="pg-bar">
  <div class="pg-title"><b>Haven playground</b><span>sandbox: fake Telegram and Slack in this process; nothing leaves this machine</span></div>
  <div class="pg-controls">
    <label>Person <select id="person-select">${parts.people.map(
      (p) =>
        html`<option value="${p.chatId}"${p.chatId === parts.activeChatId ? trusted(' selected') : ''}>${p.firstName} (${p.languageCode})</option>`,
    )}</select></label>
    <button type="button" id="new-person" title="A new Telegram user and chat: a second conversation">New person</button>
    <label>Phone language <select id="language-select" title="The language_code the person's Telegram app reports">${LANGUAGES.map(
      (l) =>
        html`<option value="${l.code}"${l.code === active?.languageCode ? trusted(' selected') : ''}>${l.code} · ${l.name}</option>`,
    )}</select></label>
    <span class="pg-sep"></span>
    <label>Scenario <select id="scenario-select">${parts.scenarios.map(
      (s) => html`<option value="${s.id}" title="${s.summary}">${s.title}</option>`,
    )}</select></label>
    <label>Step delay <input id="step-delay" type="number" min="0" max="10000" step="250" value="1500"> ms</label>
    <button type="button" id="play">▶ Play</button>
    <button type="button" id="stop">■ Stop</button>
    <span class="pg-sep"></span>
    <button type="button" id="reset" class="pg-danger" title="Forget every person, message and case">Reset</button>
  </div>
  <div id="run-status" class="pg-status" role="status"></div>
  <div id="notice" class="pg-notice" role="alert"></div>
</header>
<main class="pg-main">
  <section class="pg-pane pg-phone-pane" aria-label="The person's phone">
    <h2>The person's phone <small>Telegram</small></h2>
    <div class="tg-phone">
      <div class="tg-header"><span class="tg-avatar">H</span><div><b>Haven</b><small id="phone-person">${
        active ? `chat with ${active.firstName} · language_code ${active.languageCode}` : ''
      }</small></div></div>
      <div id="phone-messages" class="tg-messages" aria-live="polite">${parts.phoneHtml}</div>
      <div id="reply-keyboard" class="tg-reply-keyboard">${parts.replyKeyboardHtml}</div>
      <form id="composer" class="tg-composer">
        <button type="button" id="send-photo" class="tg-icon" title="Send a photo (the text becomes its caption)" aria-label="Send a photo">${CAMERA_ICON}</button>
        <textarea id="composer-text" rows="1" placeholder="Message" dir="auto" aria-label="Message"></textarea>
        <button type="submit" class="tg-send" title="Send" aria-label="Send">➤</button>
      </form>
    </div>
  </section>
  <section class="pg-pane pg-inbox-pane" aria-label="The caseworker inbox">
    <h2>The caseworker inbox <small>Slack</small></h2>
    <div id="inbox" class="sl-inbox">${parts.inboxHtml}</div>
  </section>
</main>
<script>${trusted(CLIENT_SCRIPT)}</script>
</body>
</html>`;
}
