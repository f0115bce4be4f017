import { DeliveryError, type FetchedFile, type FileAttachment } from '../../core/index.js';
import { fetchSlackFile } from '../slack/files.js';

/**
 * Slack errors that no retry can fix; the rest (outages, rate limits, unknown) are retried. The same table
 * as src/inbox/slack/slack-inbox.ts, which cannot be imported here: that module loads @slack/web-api.
 */
const PERMANENT_ERRORS: Record<string, string> = {
  channel_not_found: 'the inbox channel does not exist or the app cannot see it',
  not_in_channel: 'the app is not a member of the inbox channel',
  is_archived: 'the inbox channel is archived',
  invalid_auth: 'the Slack token is invalid',
  not_authed: 'no Slack token was sent',
  account_inactive: 'the Slack token belongs to a deactivated app or user',
  token_revoked: 'the Slack token was revoked',
  missing_scope: 'the Slack app lacks a required scope (see slack/manifest.yaml)',
  msg_too_long: 'the message is too long for Slack',
  invalid_blocks: 'Slack refused the message layout',
  thread_not_found: 'the case thread no longer exists in Slack',
  cant_update_message: 'the case card was not posted by this Slack app',
  invalid_name: 'Slack does not know the reaction',
};

/** A failed Web API call, as the outbox understands it, with Slack's own error code when it gave one. */
export class SlackCallError extends DeliveryError {
  constructor(
    disposition: 'retry' | 'permanent',
    reason: string,
    /** Slack's `error` (e.g. `message_not_found`) when Slack answered `ok: false`. */
    readonly slackError?: string,
    retryAfterMs?: number,
  ) {
    super(disposition, reason, retryAfterMs);
    this.name = 'SlackCallError';
  }
}

export interface SlackWebApiOptions {
  botToken: string;
  /** The Web API base URL with a trailing slash, e.g. https://slack.com/api/ (SLACK_API_URL). */
  apiUrl: string;
  /** Injected in tests; the runtime's global fetch otherwise. */
  fetch?: typeof fetch;
}

type Answer = Record<string, unknown>;

/**
 * The Slack Web API over plain fetch, for runtimes where @slack/web-api does not load (Workers). It
 * never retries by itself: every failure is a SlackCallError (a DeliveryError) and the outbox decides
 * when to try again, honouring Retry-After, exactly as the Node inbox maps the web-api client's errors.
 */
export class SlackWebApi {
  readonly #options: SlackWebApiOptions;

  constructor(options: SlackWebApiOptions) {
    this.#options = options;
  }

  /** chat.postMessage; resolves with the new message's ts. */
  async postMessage(args: Answer): Promise<{ ts: string }> {
    const result = await this.call('chat.postMessage', args);
    if (typeof result.ts !== 'string' || result.ts === '') {
      throw new SlackCallError('retry', 'Slack did not return a message timestamp');
    }
    return { ts: result.ts };
  }

  /** A call whose Slack errors in `done` mean that its purpose is met already (nothing left to do). */
  async callUnlessDone(method: string, args: Answer, done: readonly string[]): Promise<void> {
    try {
      await this.call(method, args);
    } catch (error) {
      if (error instanceof SlackCallError && error.slackError && done.includes(error.slackError)) return;
      throw error;
    }
  }

  /** Calls a Web API method with a JSON body; resolves with Slack's answer when it says `ok`. */
  call(method: string, args: Answer = {}): Promise<Answer> {
    return this.#post(method, 'application/json; charset=utf-8', JSON.stringify(args));
  }

  /**
   * Calls a Web API method with a form body, for methods that take no JSON (the file upload methods);
   * values that are not strings are sent as JSON, as Slack's own clients do.
   */
  callForm(method: string, args: Answer): Promise<Answer> {
    const fields = Object.entries(args)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
    return this.#post(method, 'application/x-www-form-urlencoded', new URLSearchParams(fields).toString());
  }

  /**
   * Uploads a file into a channel (and thread) as files.uploadV2 does: ask for an upload URL, send the
   * bytes there, then complete the upload, which shares it. Resolves with the new file's id.
   */
  async uploadFile(input: {
    channel: string;
    threadTs: string;
    bytes: Uint8Array;
    filename: string;
  }): Promise<{ fileId: string }> {
    const target = await this.callForm('files.getUploadURLExternal', {
      filename: input.filename,
      length: String(input.bytes.length),
    });
    const uploadUrl = target.upload_url;
    const fileId = target.file_id;
    if (typeof uploadUrl !== 'string' || typeof fileId !== 'string') {
      throw new SlackCallError('retry', 'Slack did not return an upload address');
    }
    let uploaded: Response;
    try {
      uploaded = await (this.#options.fetch ?? fetch)(uploadUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: input.bytes as Uint8Array<ArrayBuffer>,
      });
    } catch {
      throw new SlackCallError('retry', 'Slack could not be reached');
    }
    await uploaded.body?.cancel();
    if (!uploaded.ok)
      throw new SlackCallError('retry', `Slack answered HTTP ${uploaded.status} to the upload`);
    await this.callForm('files.completeUploadExternal', {
      files: [{ id: fileId, title: input.filename }],
      channel_id: input.channel,
      thread_ts: input.threadTs,
    });
    return { fileId };
  }

  /** Downloads a file a caseworker attached, with the bot token (see src/inbox/slack/files.ts). */
  fetchFile(attachment: FileAttachment): Promise<FetchedFile> {
    const { botToken, apiUrl } = this.#options;
    return fetchSlackFile(attachment, {
      botToken,
      apiUrl,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    });
  }

  async #post(method: string, contentType: string, body: string): Promise<Answer> {
    const doFetch = this.#options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(`${this.#options.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#options.botToken}`, 'content-type': contentType },
        body,
      });
    } catch {
      throw new SlackCallError('retry', 'Slack could not be reached');
    }
    if (response.status === 429) {
      await response.body?.cancel();
      const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
      throw new SlackCallError('retry', 'Slack rate limit', undefined, (seconds > 0 ? seconds : 1) * 1000);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SlackCallError('retry', `Slack answered HTTP ${response.status}`);
    }
    const answer = await readAnswer(response);
    if (answer.ok === true) return answer;
    throw platformError(
      typeof answer.error === 'string' ? answer.error : 'unknown_error',
      typeof answer.needed === 'string' ? answer.needed : undefined,
    );
  }
}

async function readAnswer(response: Response): Promise<Answer> {
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') return parsed as Answer;
  } catch {
    // fall through: an answer that is not Slack's JSON envelope
  }
  throw new SlackCallError('retry', 'Slack answered something that is not JSON');
}

/** Slack's `ok: false` answers: permanent when retrying cannot help, otherwise retried. */
export function platformError(slackError: string, neededScope?: string): SlackCallError {
  if (slackError === 'missing_scope' && neededScope) {
    return new SlackCallError(
      'permanent',
      `the Slack app lacks the scope ${neededScope} (missing_scope)`,
      slackError,
    );
  }
  const permanent = PERMANENT_ERRORS[slackError];
  return permanent
    ? new SlackCallError('permanent', `${permanent} (${slackError})`, slackError)
    : new SlackCallError('retry', `Slack error ${slackError}`, slackError);
}
