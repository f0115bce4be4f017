import type { KnownBlock } from '@slack/web-api';
import { formatBytes } from '../../core/file-size.js';
import type { PlaceAttachment, StoredMessage } from '../../core/index.js';
import { escapeMrkdwn } from './mrkdwn.js';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What a person's message that is not plain text shows in the thread, above (or instead of) its body. */
export interface RenderedContent {
  blocks: KnownBlock[];
  /** The same for the notification text, as mrkdwn. */
  lines: string[];
  /** False when the lines already show everything the body holds (a sticker's emoji, a dice roll). */
  showBody: boolean;
}

/**
 * A photo, voice message or document says what it is, its name and size (the file itself follows in the
 * thread); a place links to the map; a shared contact shows its name and number; stickers, polls and dice
 * say what they are. Whatever the person chose (a file name, a contact's name) stays plain text.
 */
export function renderContent(message: StoredMessage, t: Translate): RenderedContent {
  const { attachment } = message;
  if (attachment?.type === 'file') {
    const label = t(`attachment.label.${message.kind}`, { defaultValue: t('attachment.label.file') });
    const details = [attachment.name, attachment.size === null ? null : formatBytes(attachment.size)];
    return plain([label, ...details].filter((part) => part !== null && part !== '').join(' · '), true);
  }
  if (attachment?.type === 'place') return place(attachment, t);
  if (attachment?.type === 'contact') {
    return attachment.self
      ? plain(t('attachment.ownContact'), false)
      : plain(t('attachment.contact', { name: attachment.name ?? '', phone: attachment.phone ?? '' }), false);
  }
  switch (message.kind) {
    case 'sticker':
      return plain(t('attachment.sticker', { emoji: message.body }), false);
    case 'dice':
      return plain(t('attachment.dice', { value: message.body }), false);
    case 'poll':
      return plain(t('attachment.poll'), true);
    case 'other':
      return plain(t('attachment.other'), true);
    default:
      return plain(t('unsupportedContent', { kind: message.kind }), true);
  }
}

/** A line Slack shows exactly as written: no formatting, links, mentions or emoji codes. */
function plain(line: string, showBody: boolean): RenderedContent {
  return {
    blocks: [{ type: 'context', elements: [{ type: 'plain_text', text: line, emoji: false }] }],
    lines: [escapeMrkdwn(line)],
    showBody,
  };
}

/**
 * A location as a map link (OpenStreetMap: no account, no tracking of the caseworker), and a venue's name
 * and address beneath it as plain text. The link is built from numbers only, so it is safe as mrkdwn.
 */
function place(attachment: PlaceAttachment, t: Translate): RenderedContent {
  const { latitude, longitude } = attachment;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return plain(t('attachment.other'), false);
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  const url = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  const line = t('attachment.place', { link: `<${url}|${lat}, ${lon}>` });
  const blocks: KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: line }] }];
  const lines = [line];
  const named = [attachment.title, attachment.address].filter((part) => part !== undefined && part !== '');
  if (named.length > 0) {
    const venue = named.join(' · ');
    blocks.push({ type: 'section', text: { type: 'plain_text', text: venue, emoji: false } });
    lines.push(escapeMrkdwn(venue));
  }
  return { blocks, lines, showBody: false };
}
