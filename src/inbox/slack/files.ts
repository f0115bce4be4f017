import { DeliveryError, type FetchedFile, type FileAttachment } from '../../core/index.js';

/*
 * Slack files both ways, without Bolt or @slack/web-api, so the Workers adapter (src/inbox/slack-http)
 * shares it: what a caseworker's file_share message attached, and fetching such a file with the bot token.
 */

/** The part of a Slack file object (in a message event's `files`) Haven reads. */
interface SlackFileObject {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

/**
 * The files a caseworker attached to a thread message, as the core keeps them: by their private download
 * URL, which only the bot token opens. A file Slack did not describe (no URL) is kept with an empty
 * reference, so sending it fails visibly instead of vanishing.
 */
export function fileAttachmentsOf(files: unknown): FileAttachment[] {
  if (!Array.isArray(files)) return [];
  return (files as SlackFileObject[]).map((file) => ({
    type: 'file',
    ref: file.url_private_download ?? file.url_private ?? '',
    name: file.name ?? file.title ?? null,
    mime: file.mimetype ?? null,
    size: typeof file.size === 'number' ? file.size : null,
  }));
}

/**
 * Whether the bot token may be sent to `url`: only to Slack itself (https, a slack.com host), or to the
 * same origin as the configured Web API (SLACK_API_URL, e.g. the sandbox's fake Slack). The URL came in a
 * signed event, but a token is not handed to any address a message names.
 */
export function isSlackFileUrl(url: string, apiUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (
    target.protocol === 'https:' &&
    (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))
  )
    return true;
  try {
    return target.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Downloads a caseworker's file with the bot token. Slack answers a token without `files:read` with its
 * sign-in page (HTML, status 200), which is recognised rather than sent to the person as the file.
 */
export async function fetchSlackFile(
  attachment: FileAttachment,
  options: { botToken: string; apiUrl: string; fetch?: typeof fetch },
): Promise<FetchedFile> {
  if (!isSlackFileUrl(attachment.ref, options.apiUrl)) {
    throw new DeliveryError('permanent', 'Slack gave no address Haven may fetch the file from');
  }
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(attachment.ref, {
      headers: { authorization: `Bearer ${options.botToken}` },
    });
  } catch {
    throw new DeliveryError('retry', 'Slack could not be reached');
  }
  if (!response.ok) {
    await response.body?.cancel();
    if (response.status === 429 || response.status >= 500) {
      throw new DeliveryError('retry', `Slack answered HTTP ${response.status}`);
    }
    throw new DeliveryError('permanent', `Slack refused the file (HTTP ${response.status})`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html') && !attachment.mime?.startsWith('text/html')) {
    await response.body?.cancel();
    throw new DeliveryError(
      'permanent',
      'Slack did not hand out the file: the app needs the files:read scope (see slack/manifest.yaml)',
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    bytes,
    name: attachment.name ?? 'file',
    mime: attachment.mime ?? (type.split(';')[0] || 'application/octet-stream'),
  };
}
