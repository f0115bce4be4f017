import type { Message } from 'grammy/types';
import type { FileAttachment, MessageContent } from '../../core/index.js';

/**
 * Message kinds Haven recognises by name, checked in this order; anything else is "other". A GIF also
 * carries `document` and a venue also carries `location` (Telegram keeps them for older clients), so
 * those come first.
 */
const CONTENT_KINDS = [
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'animation',
  'document',
  'sticker',
  'venue',
  'location',
  'contact',
  'poll',
  'dice',
] as const;

/**
 * What a message that is not plain text holds, for the core: its kind, the caption as its body, and what
 * came with it. Files are kept by reference (Telegram keeps the bytes; the outbox fetches them when it
 * relays the message). A place or a poll is data, not words: its body holds what the inbox shows as it is.
 */
export function nonTextContent(message: Message): MessageContent {
  const kind = CONTENT_KINDS.find((name) => name in message) ?? 'other';
  const caption = message.caption ?? '';
  const file = fileOf(message);
  if (file) return { kind, body: caption, attachment: file };
  if (message.venue) {
    const { location, title, address } = message.venue;
    const place = { type: 'place' as const, latitude: location.latitude, longitude: location.longitude };
    return { kind, body: '', attachment: { ...place, title, address } };
  }
  if (message.location) {
    const { latitude, longitude } = message.location;
    return { kind, body: '', attachment: { type: 'place', latitude, longitude } };
  }
  if (message.contact) return { kind, body: '', attachment: contactOf(message) };
  if (message.sticker) return { kind, body: message.sticker.emoji ?? '' };
  if (message.poll) {
    const { question, options } = message.poll;
    return { kind, body: [question, ...options.map((option) => `• ${option.text}`)].join('\n') };
  }
  if (message.dice) return { kind, body: `${message.dice.emoji} ${message.dice.value}` };
  return { kind, body: caption };
}

/** The file of a media message; for a photo, its largest size (Telegram lists them smallest first). */
function fileOf(message: Message): FileAttachment | undefined {
  const file = (
    ref: { file_id: string; file_size?: number },
    details: { file_name?: string; mime_type?: string } = {},
  ): FileAttachment => ({
    type: 'file',
    ref: ref.file_id,
    name: details.file_name ?? null,
    mime: details.mime_type ?? null,
    size: ref.file_size ?? null,
  });
  if (message.photo?.length) {
    const largest = message.photo.reduce((best, size) =>
      size.width * size.height > best.width * best.height ? size : best,
    );
    return file(largest, { mime_type: 'image/jpeg' });
  }
  const media =
    message.voice ??
    message.video ??
    message.video_note ??
    message.audio ??
    message.animation ??
    message.document;
  // A round video message has neither name nor type; the others have one or both.
  return media ? file(media, media as { file_name?: string; mime_type?: string }) : undefined;
}

/**
 * A shared contact card. The person's own card (shared with one tap) would put their name and phone number
 * in the inbox, where nothing that identifies them may go: it is noted, not kept.
 */
function contactOf(message: Message): MessageContent['attachment'] {
  const contact = message.contact!;
  if (contact.user_id !== undefined && contact.user_id === message.from?.id) {
    return { type: 'contact', name: null, phone: null, self: true };
  }
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
  return { type: 'contact', name, phone: contact.phone_number, self: false };
}
