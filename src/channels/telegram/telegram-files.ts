import { type Api, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { DeliveryError, type FetchedFile, type FileAttachment } from '../../core/index.js';

const MB = 1024 * 1024;

/** What the Bot API allows bots: downloads up to 20 MB, uploads up to 50 MB, photos up to 10 MB. */
export const TELEGRAM_FILE_LIMITS = {
  maxFetchBytes: 20 * MB,
  maxSendBytes: 50 * MB,
  maxPhotoBytes: 10 * MB,
  maxCaptionLength: 1024,
} as const;

/** Image types Telegram shows as a photo; any other file goes as a document. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Fetches a file the person sent: getFile tells where it is, and the file server (the same root as the
 * Bot API, with the token in the path) serves it. The URL holds the token, so it is never logged.
 */
export async function fetchTelegramFile(api: Api, attachment: FileAttachment): Promise<FetchedFile> {
  let path: string | undefined;
  try {
    path = (await api.getFile(attachment.ref)).file_path;
  } catch (error) {
    throw fileError(error);
  }
  if (!path) throw new DeliveryError('permanent', 'Telegram did not say where the file is kept');
  const root = api.options?.apiRoot ?? 'https://api.telegram.org';
  let response: Response;
  try {
    response = await fetch(`${root}/file/bot${api.token}/${path}`);
  } catch {
    throw new DeliveryError('retry', 'Telegram could not be reached');
  }
  if (!response.ok) {
    await response.body?.cancel();
    // A path is valid for an hour after getFile and was just given: a refusal now will not pass later.
    const retry = response.status === 429 || response.status >= 500;
    throw new DeliveryError(
      retry ? 'retry' : 'permanent',
      `Telegram's file server answered ${response.status}`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const name = attachment.name ?? path.slice(path.lastIndexOf('/') + 1);
  return { bytes, name, mime: attachment.mime ?? mimeOf(name) };
}

/**
 * Sends a file to the person: an image small enough as a photo (shown in the chat), anything else as a
 * document. A photo Telegram will not take as a photo (odd dimensions) goes as a document instead.
 */
export async function sendTelegramFile(
  api: Api,
  input: {
    chatId: string;
    file: FetchedFile;
    caption: string;
    silent: boolean;
    keyboard?: InlineKeyboardMarkup;
  },
): Promise<{ message_id: number }> {
  const { file } = input;
  const options = {
    protect_content: true,
    ...(input.caption !== '' ? { caption: input.caption } : {}),
    ...(input.silent ? { disable_notification: true } : {}),
    ...(input.keyboard ? { reply_markup: input.keyboard } : {}),
  };
  const upload = () => new InputFile(file.bytes, file.name);
  if (PHOTO_TYPES.has(file.mime) && file.bytes.length <= TELEGRAM_FILE_LIMITS.maxPhotoBytes) {
    try {
      return await api.sendPhoto(input.chatId, upload(), options);
    } catch (error) {
      if (!(error instanceof GrammyError && /PHOTO_/i.test(error.description))) throw error;
    }
  }
  return api.sendDocument(input.chatId, upload(), options);
}

/** Bot API failures of getFile, in words a caseworker understands. */
function fileError(error: unknown): DeliveryError {
  if (error instanceof GrammyError && error.error_code === 400) {
    if (/file is too big/i.test(error.description)) {
      return new DeliveryError('permanent', 'Telegram lets bots fetch files of at most 20 MB');
    }
    return new DeliveryError('permanent', 'Telegram no longer has the file');
  }
  if (error instanceof GrammyError && error.error_code === 429) {
    return new DeliveryError('retry', 'Telegram rate limit', (error.parameters.retry_after ?? 1) * 1000);
  }
  return new DeliveryError('retry', 'Telegram could not be reached');
}

/** The media type of a file Telegram named without one, from its extension. */
function mimeOf(name: string): string {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const known: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
    gif: 'image/gif',
    oga: 'audio/ogg',
    ogg: 'audio/ogg',
    mp3: 'audio/mpeg',
    m4a: 'audio/mp4',
    mp4: 'video/mp4',
    mov: 'video/quicktime',
    webm: 'video/webm',
    pdf: 'application/pdf',
  };
  return known[extension] ?? 'application/octet-stream';
}
