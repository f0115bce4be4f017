import { type Html, html } from '../html.js';
import { mrkdwnToHtml } from './mrkdwn.js';

/**
 * Block Kit, rendered generically: whatever layout Haven posts (case cards, thread messages) shows up
 * readable, and its buttons can be clicked. Images are shown by their alt text only: the sandbox loads
 * nothing from the internet. Unknown blocks and elements are named rather than dropped.
 */

/** The message the blocks belong to, for the buttons' interaction payload. */
export interface BlockTarget {
  channel: string;
  ts: string;
  /** Set when the blocks are a dialog's: its inputs are real form fields, its buttons press in the dialog. */
  viewId?: string;
  /** Display names for mentioned user ids. */
  names?: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function renderBlocks(blocks: unknown[], target: BlockTarget): Html {
  return html`${blocks.map((block) => renderBlock(block, target))}`;
}

function renderBlock(block: unknown, target: BlockTarget): Html {
  if (!isObject(block)) return html``;
  switch (block.type) {
    case 'section':
      return html`<div class="sl-section">
        <div class="sl-section-main">
          ${textObject(block.text, target.names)}
          ${
            Array.isArray(block.fields)
              ? html`<div class="sl-fields">${block.fields.map((f) => html`<div class="sl-field">${textObject(f, target.names)}</div>`)}</div>`
              : ''
          }
        </div>
        ${block.accessory === undefined ? '' : html`<div class="sl-accessory">${element(block.accessory, target)}</div>`}
      </div>`;
    case 'context':
      return html`<div class="sl-context">${asArray(block.elements).map((e) => contextElement(e, target))}</div>`;
    case 'header':
      return html`<div class="sl-header">${textObject(block.text)}</div>`;
    case 'divider':
      return html`<hr class="sl-divider">`;
    case 'actions':
      return html`<div class="sl-actions">${asArray(block.elements).map((e) => element(e, target))}</div>`;
    case 'image':
      return html`<div class="sl-image">🖼 ${altText(block)}${isObject(block.title) ? html` · ${textObject(block.title)}` : ''}</div>`;
    case 'rich_text':
      return html`<div class="sl-text">${richText(block.elements)}</div>`;
    case 'markdown':
      return html`<div class="sl-text">${String(block.text ?? '')}</div>`;
    case 'input':
      return html`<div class="sl-input"><b>${textObject(block.label)}</b> ${
        target.viewId ? field(block, target.viewId) : element(block.element, target)
      }</div>`;
    default:
      return html`<div class="sl-unknown">[${String(block.type ?? 'unknown')} block]</div>`;
  }
}

/** A text object: plain_text is shown as written, mrkdwn is formatted. */
export function textObject(text: unknown, names: Readonly<Record<string, string>> = {}): Html {
  if (!isObject(text) || typeof text.text !== 'string') return html``;
  return text.type === 'mrkdwn'
    ? html`<span class="sl-text">${mrkdwnToHtml(text.text, names)}</span>`
    : html`<span class="sl-text">${text.text}</span>`;
}

function contextElement(item: unknown, target: BlockTarget): Html {
  if (isObject(item) && item.type === 'image')
    return html`<span class="sl-context-item">🖼 ${altText(item)}</span>`;
  return html`<span class="sl-context-item">${textObject(item, target.names)}</span>`;
}

function element(item: unknown, target: BlockTarget): Html {
  if (!isObject(item)) return html``;
  if (item.type === 'button') return button(item, target);
  if (item.type === 'overflow' && !target.viewId && typeof item.action_id === 'string') {
    return overflow(item, item.action_id, target);
  }
  if (item.type === 'image') return html`<span class="sl-control">🖼 ${altText(item)}</span>`;
  // Selects, pickers, checkboxes: shown so the layout reads right, not operable in the playground.
  const hint = isObject(item.placeholder)
    ? textObject(item.placeholder)
    : isObject(item.initial_option)
      ? textObject(item.initial_option.text)
      : html`${String(item.type ?? 'element')}`;
  return html`<span class="sl-control" title="${String(item.type ?? '')} (not clickable in the playground)">${hint} ▾</span>`;
}

/** The "⋯" menu of a message: choosing an option sends the block_actions Slack would. */
function overflow(item: Json, actionId: string, target: BlockTarget): Html {
  const options = asArray(item.options).filter(isObject);
  return html`<select class="sl-overflow" title="More actions" data-action="choose" data-channel="${target.channel}" data-ts="${target.ts}" data-action-id="${actionId}">
    <option value="">⋯</option>
    ${options.map((option) => html`<option value="${String(option.value ?? '')}">${plainText(option.text)}</option>`)}
  </select>`;
}

/**
 * An input block of a dialog as a form field the page reads on submit (data-kind says how Slack reports
 * it). Text boxes and checkboxes are what Haven's dialogs use; anything else is shown, not operable.
 */
function field(block: Json, viewId: string): Html {
  const item = isObject(block.element) ? block.element : {};
  const ids = html`data-view-id="${viewId}" data-block-id="${String(block.block_id ?? '')}" data-action-id="${String(item.action_id ?? '')}"`;
  const keep = `dialog:${viewId}:${String(block.block_id ?? '')}:${String(item.action_id ?? '')}`;
  if (item.type === 'plain_text_input') {
    const initial = typeof item.initial_value === 'string' ? item.initial_value : '';
    const placeholder = plainText(item.placeholder);
    return item.multiline === true
      ? html`<textarea class="sl-field" rows="4" dir="auto" data-kind="plain_text_input" ${ids} data-keep="${keep}" placeholder="${placeholder}">${initial}</textarea>`
      : html`<input class="sl-field" dir="auto" data-kind="plain_text_input" ${ids} data-keep="${keep}" placeholder="${placeholder}" value="${initial}">`;
  }
  if (item.type === 'checkboxes') {
    return html`${asArray(item.options)
      .filter(isObject)
      .map(
        (option) =>
          html`<label class="sl-check"><input type="checkbox" data-kind="checkboxes" ${ids} value="${String(option.value ?? '')}" data-label="${plainText(option.text)}"> ${textObject(option.text)}</label>`,
      )}`;
  }
  return element(item, { channel: '', ts: '', viewId });
}

/** The words of a text object, without formatting (for attributes and options). */
function plainText(text: unknown): string {
  return isObject(text) && typeof text.text === 'string' ? text.text : '';
}

function button(item: Json, target: BlockTarget): Html {
  const style = item.style === 'primary' || item.style === 'danger' ? ` sl-btn-${item.style}` : '';
  const label = textObject(item.text);
  if (typeof item.url === 'string' && /^https?:/i.test(item.url)) {
    return html`<a class="sl-btn${style}" href="${item.url}" target="_blank" rel="noopener noreferrer">${label} ↗</a>`;
  }
  if (typeof item.action_id !== 'string') {
    return html`<button type="button" class="sl-btn${style}" disabled>${label}</button>`;
  }
  if (target.viewId) {
    return html`<button type="button" class="sl-btn${style}" data-action="dialog-press" data-view-id="${target.viewId}" data-action-id="${item.action_id}">${label}</button>`;
  }
  return html`<button type="button" class="sl-btn${style}" data-action="press" data-channel="${target.channel}" data-ts="${target.ts}" data-action-id="${item.action_id}">${label}</button>`;
}

function altText(item: Json): string {
  return typeof item.alt_text === 'string' ? item.alt_text : 'image';
}

/** rich_text: sections, lists, quotes and code, flattened to their words. */
function richText(elements: unknown): Html {
  return html`${asArray(elements).map((part) => {
    if (!isObject(part)) return '';
    if (part.type === 'text') return String(part.text ?? '');
    if (part.type === 'link') return link(String(part.url ?? ''), String(part.text ?? part.url ?? ''));
    if (part.type === 'user') return `@${String(part.user_id ?? '')}`;
    if (part.type === 'channel') return `#${String(part.channel_id ?? '')}`;
    if (part.type === 'emoji') return `:${String(part.name ?? '')}:`;
    if (part.type === 'rich_text_list')
      return html`${asArray(part.elements).map((item) => html`• ${richText(isObject(item) ? item.elements : [])}\n`)}`;
    if (part.type === 'rich_text_preformatted')
      return html`<pre class="sl-pre">${richText(part.elements)}</pre>`;
    if (part.type === 'rich_text_quote')
      return html`<span class="sl-quote">${richText(part.elements)}</span>\n`;
    return richText(part.elements);
  })}`;
}

/** Only web and mail links become links; anything else (javascript:, data:) stays text. */
function link(url: string, label: string): Html {
  if (!/^(https?:|mailto:)/i.test(url)) return html`${label}`;
  return html`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}
