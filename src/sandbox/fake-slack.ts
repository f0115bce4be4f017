import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { RecordedCall } from './fake-telegram.js';
import reference from './specs/slack-methods.json' with { type: 'json' };

/**
 * A local stand-in for the Slack Web API and for Slack's outgoing requests (events, interactivity,
 * slash commands), served as a Hono app so the real `@slack/web-api` client can be pointed at it
 * (`new WebClient(token, { slackApiUrl })`). Requests are checked against the method list and required
 * arguments of Slack's published reference and against Block Kit's limits; breaches are answered the
 * way Slack answers them and recorded in `violations`.
 *
 * Runtime-agnostic on purpose (global fetch and Web Crypto only): it also runs inside Haven's sandbox mode.
 */

export interface FakeSlackOptions {
  botToken: string;
  signingSecret: string;
  eventsUrl?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  created: number;
  url_private: string;
  url_private_download: string;
  permalink: string;
  channels: string[];
}

/** A message as Slack stores it; `reactions` holds the names the bot added. */
export interface SlackMessage {
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  user?: string;
  bot_id?: string;
  subtype?: string;
  reactions: string[];
  reply_count?: number;
  edited?: boolean;
  deleted?: boolean;
  files?: SlackFile[];
}

export interface SlackFailure {
  /** 429 answers HTTP 429 with Retry-After; any other status answers that HTTP status. */
  status?: number;
  /** Without a status: HTTP 200 with `{ ok: false, error }`. */
  error?: string;
  retryAfterSeconds?: number;
}

export interface PostAsUserInput {
  channel: string;
  text: string;
  threadTs?: string;
  user?: string;
  /** `size`: what Slack reports, when it should differ from the content (a big file, cheaply). */
  files?: Array<{ id?: string; name: string; mimetype: string; content: Uint8Array; size?: number }>;
  botId?: string;
}

/** A change to a channel's messages, as an observer (the sandbox playground) is told of it. */
export interface SlackChannelChange {
  channel: string;
  ts: string;
  kind: 'posted' | 'updated' | 'deleted' | 'reaction_added' | 'reaction_removed';
}

export interface ButtonPressInput {
  channel: string;
  /** The message that carries the button. */
  messageTs: string;
  actionId: string;
  user?: string;
}

export interface OverflowChoiceInput {
  channel: string;
  /** The message that carries the menu. */
  messageTs: string;
  actionId: string;
  /** The value of the chosen option. */
  value: string;
  user?: string;
}

export interface ViewSubmitInput {
  /** The id views.open answered with (see `openedViews()`). */
  viewId: string;
  user?: string;
  /** What the caseworker entered, as Slack reports it: block_id → action_id → element state. */
  values?: Record<string, Record<string, unknown>>;
}

export interface SignedRequestOptions {
  retryNum?: number;
  timestamp?: number;
  /** A fixed signature header, or null to send neither signature nor timestamp header. */
  signature?: string | null;
  contentType?: string;
}

type Json = Record<string, unknown>;
type Args = Record<string, unknown>;

const KNOWN_METHODS = new Set<string>(reference.methods);
const REQUIRED: Record<string, string[]> = reference.required;
const AT_LEAST_ONE_OF: Record<string, string[][]> = reference.atLeastOneOf;

// Block Kit and message limits from Slack's documentation; the reference does not carry them.
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_PRIVATE_METADATA = 3000;
/** A modal's title and its submit and close buttons. */
const MAX_VIEW_LABEL = 24;
const MAX_SECTION_TEXT = 3000;
const MAX_MESSAGE_TEXT = 40_000;
const MAX_BUTTON_VALUE = 2000;
/** An overflow menu holds two to five options, each with a text and a value of at most 75 characters. */
const MIN_OVERFLOW_OPTIONS = 2;
const MAX_OVERFLOW_OPTIONS = 5;
const MAX_OPTION_TEXT = 75;
const MAX_OPTION_VALUE = 75;
const MAX_ID_LENGTH = 255;
/** trigger_ids expire after three seconds. */
const TRIGGER_LIFETIME_MS = 3000;
/** Arguments the Web API client sends as JSON strings. */
const JSON_ARGUMENTS = new Set(['blocks', 'attachments', 'metadata', 'view', 'files', 'unfurls']);
/** The methods whose messages carry text and blocks. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
const DEFAULT_HUMAN = 'U0HUMAN01';
const VERIFICATION_TOKEN = 'fake-verification-token';

/** An answer in Slack's envelope: HTTP 200 with ok:false, unless a status says otherwise. */
class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
    readonly extra: Json = {},
  ) {
    super(error);
  }
}

/** A contract breach: recorded as a violation and answered with Slack's error. */
class ContractViolation extends Error {
  constructor(
    readonly violation: string,
    readonly answer: SlackApiError,
  ) {
    super(violation);
  }
}

interface StoredFile {
  file: SlackFile;
  declaredLength: number;
  bytes?: Uint8Array;
}

interface StoredView {
  view: Json;
  userId?: string;
  /** A modal the caseworker closed, or that Slack closed after a submission the app did not answer with a view. */
  closed?: boolean;
}

interface Fault {
  method: string;
  failure: SlackFailure;
  remaining?: number;
  untilMs?: number;
}

interface CallContext {
  method: string;
  args: Args;
}

type Handler = (call: CallContext) => Json | Promise<Json>;

export class FakeSlack {
  readonly app: Hono;
  publicUrl = 'http://127.0.0.1';
  eventsUrl?: string;
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  /** What Haven POSTed to the response_url of a slash command or interaction. */
  readonly responses: Array<{ id: string; body: unknown; at: number }> = [];
  rateLimited = 0;

  readonly #botToken: string;
  readonly #signingSecret: string;
  readonly #team: { id: string; domain: string };
  readonly #bot: { userId: string; botId: string; appId: string };
  #channels = new Map<string, SlackMessage[]>();
  #files = new Map<string, StoredFile>();
  /** Message events sent by postAsUser, by event_id, so a test can have Slack retry one. */
  #sentEvents = new Map<string, Json>();
  #views = new Map<string, StoredView>();
  #homeViews = new Map<string, string>();
  #triggers = new Map<string, number>();
  #faults: Fault[] = [];
  #limits: { perChannelPerSecond: number; burst?: number } | undefined;
  #recentPosts = new Map<string, number[]>();
  // Never reset: message timestamps and ids must stay unique for Haven's stored mappings.
  #lastTsMicros = 0;
  #counter = 0;
  /** Observers; kept across reset(), which clears what happened, not who watches. */
  #changeListeners = new Set<(change: SlackChannelChange) => void>();
  #viewListeners = new Set<() => void>();

  constructor(options: FakeSlackOptions) {
    this.#botToken = options.botToken;
    this.#signingSecret = options.signingSecret;
    this.eventsUrl = options.eventsUrl;
    this.#team = { id: options.teamId ?? 'T0FAKETEAM', domain: 'haven-sandbox' };
    this.#bot = {
      userId: options.botUserId ?? 'U0HAVENBOT',
      botId: options.botId ?? 'B0HAVENBOT',
      appId: options.appId ?? 'A0HAVENAPP',
    };
    this.app = this.#routes();
  }

  // -------------------------------------------------------------------------------------------------------
  // Test-facing API

  messages(channel: string): SlackMessage[] {
    return (this.#channels.get(channel) ?? []).map(copyMessage);
  }

  thread(channel: string, threadTs: string): SlackMessage[] {
    const all = this.#channels.get(channel) ?? [];
    const parent = all.find((m) => m.ts === threadTs);
    if (!parent) return [];
    return [parent, ...all.filter((m) => m.thread_ts === threadTs && m.ts !== threadTs)].map(copyMessage);
  }

  async postAsUser(input: PostAsUserInput): Promise<{ ts: string; eventId: string; status: number }> {
    const parent = input.threadTs ? this.#threadParent(input.channel, input.threadTs) : undefined;
    if (input.threadTs && !parent) {
      throw new Error(`FakeSlack.postAsUser: no thread ${input.threadTs} in ${input.channel}`);
    }
    const user = input.user ?? (input.botId ? undefined : DEFAULT_HUMAN);
    const files = (input.files ?? []).map((f) =>
      this.#storeFile({ ...f, user: user ?? this.#bot.userId, channel: input.channel }),
    );
    const message = this.#store(input.channel, {
      text: input.text,
      ...(user ? { user } : {}),
      ...(input.botId ? { bot_id: input.botId, subtype: 'bot_message' } : {}),
      ...(files.length ? { files, subtype: input.botId ? 'bot_message' : 'file_share' } : {}),
      ...(parent ? { thread_ts: parent.ts } : {}),
    });
    const eventId = this.#id('Ev');
    const envelope = this.#messageEvent(input.channel, message, parent, eventId);
    this.#sentEvents.set(eventId, envelope);
    const { status } = await this.sendSigned(envelope);
    return { ts: message.ts, eventId, status };
  }

  /** A person in Slack edits a message (theirs, or any: Slack admins can): a message_changed event. */
  async editAsUser(input: { channel: string; ts: string; text: string }): Promise<{ status: number }> {
    const message = (this.#channels.get(input.channel) ?? []).find((m) => m.ts === input.ts);
    if (!message) throw new Error(`FakeSlack.editAsUser: no message ${input.ts} in ${input.channel}`);
    const previous = copyMessage(message);
    message.text = input.text;
    const event = {
      type: 'message',
      subtype: 'message_changed',
      channel: input.channel,
      hidden: true,
      ts: this.#nextTs(),
      event_ts: this.#nextTs(),
      message: {
        ...copyMessage(message),
        type: 'message',
        edited: { user: message.user, ts: this.#nextTs() },
      },
      previous_message: { ...previous, type: 'message' },
    };
    return this.sendSigned(this.#envelope(event));
  }

  /** A person in Slack deletes a message (a caseworker their reply, an admin the case card). */
  async deleteAsUser(input: { channel: string; ts: string }): Promise<{ status: number }> {
    const all = this.#channels.get(input.channel) ?? [];
    const index = all.findIndex((m) => m.ts === input.ts);
    if (index < 0) throw new Error(`FakeSlack.deleteAsUser: no message ${input.ts} in ${input.channel}`);
    const [gone] = all.splice(index, 1);
    const event = {
      type: 'message',
      subtype: 'message_deleted',
      channel: input.channel,
      hidden: true,
      deleted_ts: input.ts,
      ts: this.#nextTs(),
      event_ts: this.#nextTs(),
      previous_message: { ...copyMessage(gone!), type: 'message' },
    };
    return this.sendSigned(this.#envelope(event));
  }

  #envelope(event: Json): Json {
    return {
      token: VERIFICATION_TOKEN,
      team_id: this.#team.id,
      api_app_id: this.#bot.appId,
      event,
      type: 'event_callback',
      event_id: this.#id('Ev'),
      event_time: nowSeconds(),
    };
  }

  /** Slack's retry of a message event it sent before (same event_id), as after a slow or failed answer. */
  redeliver(eventId: string, retryNum = 1): Promise<{ status: number; body: string }> {
    const envelope = this.#sentEvents.get(eventId);
    if (!envelope) throw new Error(`FakeSlack.redeliver: no event ${eventId} was sent`);
    return this.sendSigned(envelope, { retryNum });
  }

  async sendSigned(
    body: string | object,
    options: SignedRequestOptions = {},
  ): Promise<{ status: number; body: string }> {
    if (!this.eventsUrl) throw new Error('FakeSlack.eventsUrl is not set');
    const contentType = options.contentType ?? 'application/json';
    const raw = typeof body === 'string' ? body : encodeBody(body, contentType);
    const timestamp = options.timestamp ?? nowSeconds();
    const headers: Record<string, string> = { 'content-type': contentType };
    if (options.signature !== null) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = options.signature ?? (await sign(this.#signingSecret, timestamp, raw));
    }
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await fetch(this.eventsUrl, { method: 'POST', headers, body: raw });
    return { status: response.status, body: await response.text() };
  }

  sendInteraction(payload: object): Promise<{ status: number; body: string }> {
    const full = {
      token: VERIFICATION_TOKEN,
      api_app_id: this.#bot.appId,
      team: this.#team,
      user: { id: DEFAULT_HUMAN, username: 'caseworker', name: 'caseworker', team_id: this.#team.id },
      is_enterprise_install: false,
      enterprise: null,
      trigger_id: this.#trigger(),
      response_url: this.#responseUrl(),
      ...payload,
    };
    if (typeof full.trigger_id === 'string') this.#triggers.set(full.trigger_id, Date.now());
    return this.sendSigned(`payload=${encodeURIComponent(JSON.stringify(full))}`, {
      contentType: 'application/x-www-form-urlencoded',
    });
  }

  /**
   * A caseworker clicking a button of a message: the block_actions interaction Slack posts (form-encoded
   * `payload=<json>`, signed) to the app's interactivity URL, which for Haven is the events URL.
   */
  async pressButton(input: ButtonPressInput): Promise<{ status: number; body: string }> {
    const message = this.#liveMessage('pressButton', input.channel, input.messageTs);
    const found = findButton(message.blocks ?? [], input.actionId);
    if (!found) {
      throw new Error(`FakeSlack.pressButton: message ${input.messageTs} has no button ${input.actionId}`);
    }
    return this.#messageAction(input.channel, message, input.user, {
      type: 'button',
      action_id: input.actionId,
      block_id: found.blockId,
      text: found.button.text,
      ...(found.button.value !== undefined ? { value: found.button.value } : {}),
      ...(found.button.style !== undefined ? { style: found.button.style } : {}),
      action_ts: `${nowSeconds()}.000000`,
    });
  }

  /**
   * A caseworker choosing an option of an overflow menu ("⋯") of a message: the block_actions interaction
   * Slack posts (signed, form-encoded) with the chosen option. Throws when the message has no such menu
   * or the menu no such option, as a caseworker could not choose it either.
   */
  async chooseOverflowOption(input: OverflowChoiceInput): Promise<{ status: number; body: string }> {
    const message = this.#liveMessage('chooseOverflowOption', input.channel, input.messageTs);
    const found = findOverflow(message.blocks ?? [], input.actionId);
    const option = found?.options.find((candidate) => candidate.value === input.value);
    if (!found || !option) {
      throw new Error(
        `FakeSlack.chooseOverflowOption: message ${input.messageTs} has no menu ${input.actionId} with "${input.value}"`,
      );
    }
    return this.#messageAction(input.channel, message, input.user, {
      type: 'overflow',
      action_id: input.actionId,
      block_id: found.blockId,
      selected_option: option,
      action_ts: `${nowSeconds()}.${String(++this.#counter).padStart(6, '0')}`,
    });
  }

  /** A message of `channel` that is still there; the fake refuses, in the words of `method`, one that is not. */
  #liveMessage(method: string, channel: string, ts: string): SlackMessage {
    const message = (this.#channels.get(channel) ?? []).find((m) => m.ts === ts && !m.deleted);
    if (!message) throw new Error(`FakeSlack.${method}: no message ${ts} in ${channel}`);
    return message;
  }

  /** The block_actions interaction Slack posts when someone uses an element (`action`) of a message. */
  #messageAction(
    channel: string,
    message: SlackMessage,
    user: string | undefined,
    action: Json,
  ): Promise<{ status: number; body: string }> {
    const id = user ?? DEFAULT_HUMAN;
    const inThread = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    return this.sendInteraction({
      type: 'block_actions',
      user: { id, username: userName(id), name: userName(id), team_id: this.#team.id },
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: channel,
        is_ephemeral: false,
        ...(inThread ? { thread_ts: message.thread_ts } : {}),
      },
      channel: { id: channel, name: channelName(channel) },
      message: this.#messageJson(message),
      state: { values: {} },
      actions: [action],
    });
  }

  /** Modals the app opened (views.open), oldest first, as Slack stored them. */
  openedViews(): Json[] {
    return [...this.#views.values()]
      .filter((stored) => stored.view.type === 'modal')
      .map((stored) => structuredClone(stored.view));
  }

  /** The modals still open on the caseworker's screen, oldest first. */
  openModals(): Json[] {
    return [...this.#views.values()]
      .filter((stored) => stored.view.type === 'modal' && !stored.closed)
      .map((stored) => structuredClone(stored.view));
  }

  /**
   * A caseworker closing a modal (its close button, or Escape): Slack tells the app with view_closed only
   * when the view asked for it (`notify_on_close`).
   */
  async closeView(input: { viewId: string; user?: string }): Promise<{ status: number } | undefined> {
    const stored = this.#views.get(input.viewId);
    if (stored?.view.type !== 'modal' || stored.closed)
      throw new Error(`FakeSlack.closeView: no open modal ${input.viewId}`);
    stored.closed = true;
    this.#viewChanged();
    if (stored.view.notify_on_close !== true) return undefined;
    const user = input.user ?? DEFAULT_HUMAN;
    return this.sendInteraction({
      type: 'view_closed',
      user: { id: user, username: userName(user), name: userName(user), team_id: this.#team.id },
      view: structuredClone(stored.view),
      is_cleared: false,
    });
  }

  #viewChanged(): void {
    for (const listener of this.#viewListeners) {
      try {
        listener();
      } catch {
        // An observer's mistake must not turn into a Web API error.
      }
    }
  }

  /** The Home tab the app published for `userId`, if any. */
  homeView(userId: string): Json | undefined {
    const id = this.#homeViews.get(userId);
    const stored = id ? this.#views.get(id) : undefined;
    return stored ? structuredClone(stored.view) : undefined;
  }

  /**
   * A caseworker pressing a modal's submit button: the view_submission interaction Slack posts (signed,
   * form-encoded) with the view and the entered values. The body answers with the app's response_action;
   * `update` replaces the modal's content under the same view id, as Slack does.
   */
  async submitView(input: ViewSubmitInput): Promise<{ status: number; body: string }> {
    const stored = this.#views.get(input.viewId);
    if (stored?.view.type !== 'modal') {
      throw new Error(`FakeSlack.submitView: no modal ${input.viewId}`);
    }
    const user = input.user ?? DEFAULT_HUMAN;
    const answer = await this.sendInteraction({
      type: 'view_submission',
      user: { id: user, username: userName(user), name: userName(user), team_id: this.#team.id },
      view: { ...structuredClone(stored.view), state: { values: input.values ?? {} } },
      response_urls: [],
      // view_submission payloads carry no response_url.
      response_url: undefined,
    });
    this.#applyResponseAction(input.viewId, answer);
    return answer;
  }

  /**
   * A caseworker clicking a button inside a modal (not on a message): the block_actions interaction
   * Slack posts, with the view as it is and a `view` container.
   */
  pressViewButton(input: { viewId: string; actionId: string; user?: string }): Promise<{
    status: number;
    body: string;
  }> {
    const stored = this.#views.get(input.viewId);
    if (stored?.view.type !== 'modal') throw new Error(`FakeSlack.pressViewButton: no modal ${input.viewId}`);
    const found = findButton((stored.view.blocks as unknown[]) ?? [], input.actionId);
    if (!found) {
      throw new Error(`FakeSlack.pressViewButton: modal ${input.viewId} has no button ${input.actionId}`);
    }
    const user = input.user ?? DEFAULT_HUMAN;
    return this.sendInteraction({
      type: 'block_actions',
      user: { id: user, username: userName(user), name: userName(user), team_id: this.#team.id },
      container: { type: 'view', view_id: input.viewId },
      view: structuredClone(stored.view),
      state: { values: {} },
      actions: [
        {
          type: 'button',
          action_id: input.actionId,
          block_id: found.blockId,
          text: found.button.text,
          ...(found.button.value !== undefined ? { value: found.button.value } : {}),
          action_ts: `${nowSeconds()}.000000`,
        },
      ],
    });
  }

  /** What Slack does with a submission's answer: `update` shows the app's next view in its place. */
  #applyResponseAction(viewId: string, answer: { status: number; body: string }): void {
    if (answer.status !== 200) return;
    let parsed: unknown;
    try {
      parsed = answer.body === '' ? undefined : JSON.parse(answer.body);
    } catch {
      parsed = undefined;
    }
    const existing = this.#views.get(viewId);
    if (!existing) return;
    const answered = isObject(parsed) ? parsed : {};
    const action = answered.response_action;
    if (action !== 'update') {
      // Slack closes the modal on a plain acknowledgement (or `clear`); `errors` keeps it open.
      if (action !== 'errors') {
        existing.closed = true;
        this.#viewChanged();
      }
      return;
    }
    try {
      const view = requireView('response_action update', answered.view);
      this.#saveView(view, viewId, existing.userId);
    } catch (error) {
      // Slack shows the caseworker an error instead of the view; the app hears nothing of it.
      if (error instanceof ContractViolation) this.violations.push(error.violation);
      else throw error;
    }
  }

  /** A caseworker opening the app's Home tab: the signed app_home_opened event. */
  async openAppHome(user = DEFAULT_HUMAN): Promise<{ status: number; eventId: string }> {
    const eventId = this.#id('Ev');
    const { status } = await this.sendSigned({
      token: VERIFICATION_TOKEN,
      team_id: this.#team.id,
      api_app_id: this.#bot.appId,
      event: {
        type: 'app_home_opened',
        user,
        channel: this.#id('D'),
        tab: 'home',
        event_ts: `${nowSeconds()}.000000`,
        ...(this.#homeViews.has(user) ? { view: this.homeView(user) } : {}),
      },
      type: 'event_callback',
      event_id: eventId,
      event_time: nowSeconds(),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.#team.id,
          user_id: this.#bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
    });
    return { status, eventId };
  }

  /**
   * Calls `listener` after a message is posted, updated or deleted, or a reaction changes. Returns a
   * function that stops it.
   */
  onChange(listener: (change: SlackChannelChange) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Calls `listener` after a modal is opened, updated or closed. Returns a function that stops it. */
  onViewChange(listener: () => void): () => void {
    this.#viewListeners.add(listener);
    return () => this.#viewListeners.delete(listener);
  }

  sendSlashCommand(input: {
    command: string;
    text: string;
    user?: string;
    channel?: string;
    triggerId?: string;
  }): Promise<{ status: number; body: string }> {
    const triggerId = input.triggerId ?? this.#trigger();
    this.#triggers.set(triggerId, Date.now());
    const channel = input.channel ?? 'C0GENERAL';
    const user = input.user ?? DEFAULT_HUMAN;
    const form = new URLSearchParams({
      token: VERIFICATION_TOKEN,
      team_id: this.#team.id,
      team_domain: this.#team.domain,
      channel_id: channel,
      channel_name: channelName(channel),
      user_id: user,
      user_name: userName(user),
      command: input.command,
      text: input.text,
      api_app_id: this.#bot.appId,
      is_enterprise_install: 'false',
      response_url: this.#responseUrl(),
      trigger_id: triggerId,
    });
    return this.sendSigned(form.toString(), { contentType: 'application/x-www-form-urlencoded' });
  }

  failNext(method: string, failure: SlackFailure, count = 1): void {
    this.#faults.push({ method, failure, remaining: count });
  }

  failWhile(method: string, failure: SlackFailure, untilMs: number): void {
    this.#faults.push({ method, failure, untilMs });
  }

  enforceRateLimits(limits: { perChannelPerSecond: number; burst?: number } | undefined): void {
    this.#limits = limits;
    this.#recentPosts.clear();
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.responses.length = 0;
    this.rateLimited = 0;
    this.#channels.clear();
    this.#files.clear();
    this.#sentEvents.clear();
    this.#views.clear();
    this.#homeViews.clear();
    this.#triggers.clear();
    this.#faults = [];
    this.#recentPosts.clear();
  }

  // -------------------------------------------------------------------------------------------------------
  // HTTP

  #routes(): Hono {
    const app = new Hono();
    app.on(['GET', 'POST'], '/api/:method', (c) => this.#serveMethod(c));
    app.post('/upload/:fileId', (c) => this.#receiveUpload(c));
    app.get('/files/:fileId/:name', (c) => this.#serveFile(c));
    app.post('/response/:id', async (c) => {
      this.responses.push({ id: c.req.param('id'), body: await readAnyBody(c.req.raw), at: Date.now() });
      return c.text('ok');
    });
    return app;
  }

  async #serveMethod(c: Context): Promise<Response> {
    const method = c.req.param('method') ?? '';
    const { args, token } = await readArgs(c.req.raw);
    const call: RecordedCall = { method, payload: args, at: Date.now(), ok: true };
    this.calls.push(call);
    try {
      const result = await this.#perform({ method, args }, token);
      return c.json({ ok: true, ...result });
    } catch (error) {
      const failure = this.#asSlackError(error);
      call.ok = false;
      call.error = failure.error;
      return c.json(
        { ok: false, error: failure.error, ...failure.extra },
        failure.status as ContentfulStatusCode,
        failure.headers,
      );
    }
  }

  /** Slack checks the method, then the token; then come the arguments, injected faults and limits. */
  async #perform(call: CallContext, token: string | undefined): Promise<Json> {
    if (!KNOWN_METHODS.has(call.method)) {
      throw new ContractViolation(
        `unknown method ${call.method}`,
        new SlackApiError('unknown_method', 200, {}, { req_method: call.method }),
      );
    }
    if (!token) throw new SlackApiError('not_authed');
    if (token !== this.#botToken) throw new SlackApiError('invalid_auth');
    checkArguments(call.method, call.args);
    if (MESSAGE_METHODS.has(call.method)) checkMessageContent(call.method, call.args);
    this.#takeFault(call.method);
    if (call.method === 'chat.postMessage') this.#checkRateLimit(String(call.args.channel));
    const handler = this.#handlers[call.method];
    return handler ? handler(call) : {};
  }

  #asSlackError(error: unknown): SlackApiError {
    if (error instanceof ContractViolation) {
      this.violations.push(error.violation);
      return error.answer;
    }
    if (error instanceof SlackApiError) return error;
    return new SlackApiError('internal_error', 500);
  }

  /** The second step of files.uploadV2: the bytes go to the upload_url handed out in step one. */
  async #receiveUpload(c: Context): Promise<Response> {
    const stored = this.#files.get(c.req.param('fileId') ?? '');
    if (!stored) return c.text('not found', 404);
    const bytes = await readUploadBytes(c.req.raw);
    if (bytes.length !== stored.declaredLength) {
      this.violations.push(
        `upload ${stored.file.id}: ${bytes.length} bytes sent, files.getUploadURLExternal declared ${stored.declaredLength}`,
      );
    }
    stored.bytes = bytes;
    stored.file.size = bytes.length;
    return c.text(`OK - ${bytes.length}`);
  }

  /** url_private needs the bot token, as on Slack. */
  #serveFile(c: Context): Response {
    if (c.req.header('authorization') !== `Bearer ${this.#botToken}`) return c.text('forbidden', 403);
    const stored = this.#files.get(c.req.param('fileId') ?? '');
    if (!stored?.bytes) return c.text('not found', 404);
    return new Response(stored.bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': stored.file.mimetype },
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Faults and rate limits

  #takeFault(method: string): void {
    const now = Date.now();
    this.#faults = this.#faults.filter((f) => (f.remaining ?? 1) > 0 && (f.untilMs ?? Infinity) > now);
    const fault = this.#faults.find((f) => f.method === method || f.method === '*');
    if (!fault) return;
    if (fault.remaining !== undefined) fault.remaining -= 1;
    throw failureAnswer(fault.failure);
  }

  /** chat.postMessage per channel, in a sliding one-second window (rate plus burst allowance). */
  #checkRateLimit(channel: string): void {
    if (!this.#limits) return;
    const now = Date.now();
    const recent = (this.#recentPosts.get(channel) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= this.#limits.perChannelPerSecond + (this.#limits.burst ?? 0)) {
      this.rateLimited += 1;
      this.#recentPosts.set(channel, recent);
      throw new SlackApiError('ratelimited', 429, { 'retry-after': '1' });
    }
    recent.push(now);
    this.#recentPosts.set(channel, recent);
  }

  // -------------------------------------------------------------------------------------------------------
  // Method handlers. Methods not listed here but present in the reference answer `{ ok: true }`.

  readonly #handlers: Record<string, Handler> = {
    'auth.test': () => this.#authTest(),
    'chat.postMessage': ({ args }) => this.#postMessage(args),
    'chat.update': ({ args }) => this.#update(args),
    'chat.delete': ({ args }) => this.#delete(args),
    'chat.postEphemeral': () => ({ message_ts: this.#nextTs() }),
    'chat.getPermalink': ({ args }) => this.#permalink(args),
    'reactions.add': ({ args }) => this.#addReaction(args),
    'reactions.remove': ({ args }) => this.#removeReaction(args),
    'conversations.info': ({ args }) => this.#conversationInfo(args),
    'users.info': ({ args }) => this.#userInfo(args),
    'views.publish': ({ args }) => this.#publishView(args),
    'views.open': ({ args }) => this.#openView(args),
    'views.update': ({ args }) => this.#updateView(args),
    'files.getUploadURLExternal': ({ args }) => this.#uploadUrl(args),
    'files.completeUploadExternal': ({ args }) => this.#completeUpload(args),
    'files.info': ({ args }) => this.#fileInfo(args),
    'files.delete': ({ args }) => this.#deleteFile(args),
  };

  #authTest(): Json {
    return {
      url: `https://${this.#team.domain}.slack.com/`,
      team: 'Haven Sandbox',
      user: 'haven',
      team_id: this.#team.id,
      user_id: this.#bot.userId,
      bot_id: this.#bot.botId,
      is_enterprise_install: false,
    };
  }

  #postMessage(args: Args): Json {
    const channel = String(args.channel);
    const parent = this.#requireThread('chat.postMessage', channel, args.thread_ts);
    const message = this.#store(channel, {
      ...this.#botAuthor(),
      ...messageContent(args),
      ...(parent ? { thread_ts: parent.ts } : {}),
    });
    return { channel, ts: message.ts, message: this.#messageJson(message) };
  }

  #update(args: Args): Json {
    const channel = String(args.channel);
    const message = this.#requireMessage(channel, args.ts);
    if (message.bot_id !== this.#bot.botId) throw new SlackApiError('cant_update_message');
    Object.assign(message, messageContent(args), { edited: true });
    this.#notify({ channel, ts: message.ts, kind: 'updated' });
    return { channel, ts: message.ts, text: message.text, message: this.#messageJson(message) };
  }

  #delete(args: Args): Json {
    const channel = String(args.channel ?? '');
    const message = this.#requireMessage(channel, args.ts);
    if (message.bot_id !== this.#bot.botId) throw new SlackApiError('cant_delete_message');
    message.deleted = true;
    this.#notify({ channel, ts: message.ts, kind: 'deleted' });
    return { channel, ts: message.ts };
  }

  #permalink(args: Args): Json {
    const channel = String(args.channel);
    const message = this.#requireMessage(channel, args.message_ts);
    const base = `${this.publicUrl}/archives/${channel}/p${message.ts.replace('.', '')}`;
    const inThread = message.thread_ts && message.thread_ts !== message.ts;
    return {
      channel,
      permalink: inThread ? `${base}?thread_ts=${message.thread_ts}&cid=${channel}` : base,
    };
  }

  #addReaction(args: Args): Json {
    const message = this.#requireMessage(String(args.channel), args.timestamp);
    const name = reactionName(args.name);
    if (message.reactions.includes(name)) throw new SlackApiError('already_reacted');
    message.reactions.push(name);
    this.#notify({ channel: String(args.channel), ts: message.ts, kind: 'reaction_added' });
    return {};
  }

  #removeReaction(args: Args): Json {
    if (args.channel === undefined || args.timestamp === undefined)
      throw new SlackApiError('no_item_specified');
    const message = this.#requireMessage(String(args.channel), args.timestamp);
    const name = reactionName(args.name);
    if (!message.reactions.includes(name)) throw new SlackApiError('no_reaction');
    message.reactions = message.reactions.filter((r) => r !== name);
    this.#notify({ channel: String(args.channel), ts: message.ts, kind: 'reaction_removed' });
    return {};
  }

  #conversationInfo(args: Args): Json {
    const id = String(args.channel ?? '');
    if (!/^[CGD][A-Z0-9]{2,}$/.test(id)) throw new SlackApiError('channel_not_found');
    const name = channelName(id);
    return {
      channel: {
        id,
        name,
        name_normalized: name,
        is_channel: id.startsWith('C'),
        is_group: id.startsWith('G'),
        is_im: id.startsWith('D'),
        is_private: !id.startsWith('C'),
        is_archived: false,
        is_general: false,
        is_shared: false,
        is_ext_shared: false,
        is_org_shared: false,
        is_member: true,
        created: 1_700_000_000,
        creator: DEFAULT_HUMAN,
        context_team_id: this.#team.id,
        topic: { value: '', creator: '', last_set: 0 },
        purpose: { value: '', creator: '', last_set: 0 },
      },
    };
  }

  #userInfo(args: Args): Json {
    const id = String(args.user ?? '');
    if (!/^[UW][A-Z0-9]{2,}$/.test(id)) throw new SlackApiError('user_not_found');
    const isBot = id === this.#bot.userId;
    const name = isBot ? 'haven' : userName(id);
    const realName = isBot ? 'Haven' : `Caseworker ${id}`;
    return {
      user: {
        id,
        team_id: this.#team.id,
        name,
        real_name: realName,
        deleted: false,
        is_bot: isBot,
        is_app_user: false,
        is_admin: false,
        tz: 'Europe/Amsterdam',
        tz_label: 'Central European Time',
        tz_offset: 3600,
        updated: 1_700_000_000,
        ...(isTrue(args.include_locale) ? { locale: 'en-US' } : {}),
        profile: {
          real_name: realName,
          display_name: name,
          real_name_normalized: realName,
          display_name_normalized: name,
          team: this.#team.id,
          ...(isBot ? { bot_id: this.#bot.botId, api_app_id: this.#bot.appId } : {}),
        },
      },
    };
  }

  #publishView(args: Args): Json {
    const view = requireView('views.publish', args.view);
    if (view.type !== 'home') {
      throw new ContractViolation(
        `views.publish: view type must be "home" (got ${String(view.type)})`,
        new SlackApiError('invalid_arguments'),
      );
    }
    const userId = String(args.user_id);
    const existingId = this.#homeViews.get(userId);
    const existing = existingId ? this.#views.get(existingId) : undefined;
    if (args.hash !== undefined && existing && existing.view.hash !== args.hash) {
      throw new SlackApiError('hash_conflict');
    }
    const stored = this.#saveView(view, existing?.view.id as string | undefined, userId);
    this.#homeViews.set(userId, stored.id as string);
    return { view: stored };
  }

  #openView(args: Args): Json {
    const view = requireView('views.open', args.view);
    const issued = this.#triggers.get(String(args.trigger_id));
    if (issued === undefined) throw new SlackApiError('invalid_trigger_id');
    if (Date.now() - issued > TRIGGER_LIFETIME_MS) throw new SlackApiError('expired_trigger_id');
    return { view: this.#saveView(view, undefined, undefined) };
  }

  #updateView(args: Args): Json {
    if (args.view_id === undefined && args.external_id === undefined) {
      throw new ContractViolation(
        'views.update: needs view_id or external_id',
        new SlackApiError('invalid_arguments'),
      );
    }
    const view = requireView('views.update', args.view);
    const existing =
      args.view_id !== undefined
        ? this.#views.get(String(args.view_id))
        : [...this.#views.values()].find((v) => v.view.external_id === args.external_id);
    if (!existing) throw new SlackApiError('not_found');
    if (args.hash !== undefined && existing.view.hash !== args.hash) throw new SlackApiError('hash_conflict');
    return { view: this.#saveView(view, existing.view.id as string, existing.userId) };
  }

  #saveView(view: Json, id: string | undefined, userId: string | undefined): Json {
    const viewId = id ?? this.#id('V');
    const stored: Json = {
      id: viewId,
      team_id: this.#team.id,
      type: view.type,
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: view.external_id ?? '',
      state: { values: {} },
      hash: `${nowSeconds()}.${this.#id('')}`,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: this.#bot.appId,
      app_installed_team_id: this.#team.id,
      bot_id: this.#bot.botId,
      ...pick(view, ['title', 'submit', 'close']),
    };
    this.#views.set(viewId, { view: stored, ...(userId ? { userId } : {}) });
    this.#viewChanged();
    return stored;
  }

  #uploadUrl(args: Args): Json {
    const length = Number(args.length);
    if (!Number.isInteger(length) || length < 1) {
      throw new ContractViolation(
        `files.getUploadURLExternal: length must be a positive whole number of bytes (got ${String(args.length)})`,
        new SlackApiError('invalid_arguments'),
      );
    }
    const file = this.#fileObject({
      name: String(args.filename),
      mimetype: mimeFor(String(args.filename)),
      size: length,
      user: this.#bot.userId,
    });
    this.#files.set(file.id, { file, declaredLength: length });
    return { upload_url: `${this.publicUrl}/upload/${file.id}`, file_id: file.id };
  }

  /** The last step of files.uploadV2; with channel_id the file is shared as a message (in the thread). */
  #completeUpload(args: Args): Json {
    const entries = args.files;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new ContractViolation(
        'files.completeUploadExternal: files must be a non-empty JSON array of { id, title }',
        new SlackApiError('invalid_arguments'),
      );
    }
    const files = (entries as Json[]).map((entry) => {
      const stored = this.#files.get(String(entry?.id));
      if (!stored?.bytes) throw new SlackApiError('file_not_found');
      if (entry.title !== undefined) stored.file.title = String(entry.title);
      return stored.file;
    });
    const channel = args.channel_id === undefined ? undefined : String(args.channel_id);
    if (channel) {
      const parent = this.#requireThread('files.completeUploadExternal', channel, args.thread_ts);
      for (const file of files) file.channels = [...new Set([...file.channels, channel])];
      this.#store(channel, {
        ...this.#botAuthor(),
        text: args.initial_comment === undefined ? '' : String(args.initial_comment),
        files: files.map((f) => ({ ...f })),
        ...(parent ? { thread_ts: parent.ts } : {}),
      });
    }
    return { files: files.map((f) => ({ ...f })) };
  }

  /** Deletes a file; the messages that shared it lose it (and a message left with nothing goes too). */
  #deleteFile(args: Args): Json {
    const id = String(args.file ?? '');
    if (!this.#files.delete(id)) throw new SlackApiError('file_not_found');
    for (const [channel, messages] of this.#channels) {
      for (const message of messages) {
        if (!message.files?.some((file) => file.id === id)) continue;
        message.files = message.files.filter((file) => file.id !== id);
        if (message.files.length === 0 && message.text === '') message.deleted = true;
        this.#notify({ channel, ts: message.ts, kind: message.deleted ? 'deleted' : 'updated' });
      }
    }
    return {};
  }

  #fileInfo(args: Args): Json {
    const stored = this.#files.get(String(args.file ?? ''));
    if (!stored) throw new SlackApiError('file_not_found');
    return { file: { ...stored.file }, comments: [], response_metadata: { next_cursor: '' } };
  }

  // -------------------------------------------------------------------------------------------------------
  // Messages, files and events

  /** Stores a message with the next timestamp; a reply also marks its parent as a thread. */
  #store(channel: string, fields: Omit<SlackMessage, 'ts' | 'reactions'>): SlackMessage {
    const message: SlackMessage = { ts: this.#nextTs(), reactions: [], ...fields };
    const messages = this.#channels.get(channel) ?? [];
    messages.push(message);
    this.#channels.set(channel, messages);
    if (message.thread_ts) {
      const parent = messages.find((m) => m.ts === message.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
      }
    }
    this.#notify({ channel, ts: message.ts, kind: 'posted' });
    return message;
  }

  #notify(change: SlackChannelChange): void {
    for (const listener of this.#changeListeners) {
      try {
        listener(change);
      } catch {
        // An observer's mistake must not turn into a Web API error.
      }
    }
  }

  /** The thread a thread_ts points into; a reply's ts leads to its parent, as on Slack. */
  #threadParent(channel: string, threadTs: string): SlackMessage | undefined {
    const messages = this.#channels.get(channel) ?? [];
    const target = messages.find((m) => m.ts === threadTs);
    if (!target?.thread_ts || target.thread_ts === target.ts) return target;
    return messages.find((m) => m.ts === target.thread_ts);
  }

  #requireThread(method: string, channel: string, threadTs: unknown): SlackMessage | undefined {
    if (threadTs === undefined || threadTs === '') return undefined;
    const parent = this.#threadParent(channel, String(threadTs));
    if (!parent) {
      throw new ContractViolation(
        `${method}: thread_ts ${String(threadTs)} does not exist in ${channel}`,
        new SlackApiError('thread_not_found'),
      );
    }
    return parent;
  }

  #requireMessage(channel: string, ts: unknown): SlackMessage {
    const message = (this.#channels.get(channel) ?? []).find((m) => m.ts === String(ts) && !m.deleted);
    if (!message) throw new SlackApiError('message_not_found');
    return message;
  }

  #botAuthor(): Pick<SlackMessage, 'user' | 'bot_id'> {
    return { user: this.#bot.userId, bot_id: this.#bot.botId };
  }

  /** A message as the Web API returns it, with the author's app and team. */
  #messageJson(message: SlackMessage): Json {
    const { reactions, deleted, edited, ...rest } = message;
    return {
      type: 'message',
      ...rest,
      app_id: this.#bot.appId,
      team: this.#team.id,
      bot_profile: {
        id: this.#bot.botId,
        app_id: this.#bot.appId,
        name: 'Haven',
        deleted: false,
        team_id: this.#team.id,
      },
      ...(edited ? { edited: { user: this.#bot.userId, ts: `${nowSeconds()}.000000` } } : {}),
    };
  }

  #storeFile(input: {
    id?: string;
    name: string;
    mimetype: string;
    content: Uint8Array;
    size?: number;
    user: string;
    channel: string;
  }): SlackFile {
    const file = this.#fileObject({ ...input, size: input.size ?? input.content.length });
    file.channels = [input.channel];
    this.#files.set(file.id, { file, declaredLength: input.content.length, bytes: input.content });
    return { ...file };
  }

  #fileObject(input: { id?: string; name: string; mimetype: string; size: number; user: string }): SlackFile {
    const id = input.id ?? this.#id('F');
    const name = encodeURIComponent(input.name);
    return {
      id,
      name: input.name,
      title: input.name,
      mimetype: input.mimetype,
      filetype: input.name.includes('.') ? (input.name.split('.').pop() ?? '').toLowerCase() : 'binary',
      size: input.size,
      user: input.user,
      created: nowSeconds(),
      url_private: `${this.publicUrl}/files/${id}/${name}`,
      url_private_download: `${this.publicUrl}/files/${id}/${name}?download=1`,
      permalink: `${this.publicUrl}/files/${input.user}/${id}/${name}`,
      channels: [],
    };
  }

  /** The Events API envelope Slack sends for a channel message. */
  #messageEvent(
    channel: string,
    message: SlackMessage,
    parent: SlackMessage | undefined,
    eventId: string,
  ): Json {
    const event: Json = {
      type: 'message',
      channel,
      channel_type: 'channel',
      text: message.text,
      ts: message.ts,
      event_ts: message.ts,
      team: this.#team.id,
      ...(message.user ? { user: message.user } : {}),
      ...(message.user && !message.bot_id ? { client_msg_id: crypto.randomUUID() } : {}),
      ...(message.bot_id ? { bot_id: message.bot_id } : {}),
      ...(message.subtype ? { subtype: message.subtype } : {}),
      ...(message.files ? { files: message.files, upload: true, display_as_bot: false } : {}),
      ...(parent ? { thread_ts: parent.ts, ...(parent.user ? { parent_user_id: parent.user } : {}) } : {}),
    };
    return {
      token: VERIFICATION_TOKEN,
      team_id: this.#team.id,
      context_team_id: this.#team.id,
      api_app_id: this.#bot.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: nowSeconds(),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.#team.id,
          user_id: this.#bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
  }

  /** Message timestamps: "<seconds>.<microseconds>", strictly increasing across all channels. */
  #nextTs(): string {
    this.#lastTsMicros = Math.max(Date.now() * 1000, this.#lastTsMicros + 1);
    const seconds = Math.floor(this.#lastTsMicros / 1_000_000);
    const micros = this.#lastTsMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }

  /** Slack-style ids: a prefix and upper-case letters and digits, unique for this fake's lifetime. */
  #id(prefix: string): string {
    this.#counter += 1;
    return `${prefix}0${Date.now().toString(36).toUpperCase()}${this.#counter.toString(36).toUpperCase().padStart(4, '0')}`;
  }

  #trigger(): string {
    this.#counter += 1;
    return `${this.#counter}.${Date.now()}.${this.#counter.toString(16).padStart(32, '0')}`;
  }

  #responseUrl(): string {
    return `${this.publicUrl}/response/${this.#id('R')}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Contract checks

function checkArguments(method: string, args: Args): void {
  const missing = (REQUIRED[method] ?? []).filter((name) => isBlank(args[name]));
  for (const group of AT_LEAST_ONE_OF[method] ?? []) {
    if (group.every((name) => isBlank(args[name]))) missing.push(`one of ${group.join('/')}`);
  }
  if (missing.length === 0) return;
  throw new ContractViolation(
    `${method}: missing required argument(s) ${missing.join(', ')}`,
    new SlackApiError(
      'invalid_arguments',
      200,
      {},
      {
        response_metadata: { messages: missing.map((name) => `[ERROR] missing required field: ${name}`) },
      },
    ),
  );
}

function checkMessageContent(method: string, args: Args): void {
  if (typeof args.text === 'string' && args.text.length > MAX_MESSAGE_TEXT) {
    throw new ContractViolation(
      `${method}: text is ${args.text.length} characters (limit ${MAX_MESSAGE_TEXT})`,
      new SlackApiError('msg_too_long'),
    );
  }
  if (args.blocks !== undefined) checkBlocks(method, args.blocks, MAX_MESSAGE_BLOCKS);
}

/** Block Kit limits that Slack refuses with invalid_blocks / invalid_blocks_format. */
function checkBlocks(method: string, blocks: unknown, limit: number): void {
  if (!Array.isArray(blocks)) {
    throw new ContractViolation(
      `${method}: blocks JSON is not an array`,
      new SlackApiError('invalid_blocks_format'),
    );
  }
  const problem = blockProblem(blocks, limit);
  if (problem) {
    throw new ContractViolation(
      `${method}: ${problem}`,
      new SlackApiError('invalid_blocks', 200, {}, { errors: [problem] }),
    );
  }
}

function blockProblem(blocks: unknown[], limit: number): string | undefined {
  if (blocks.length > limit) return `${blocks.length} blocks (limit ${limit})`;
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block) || typeof block.type !== 'string') return `block ${index} has no type`;
    const text = isObject(block.text) ? block.text.text : undefined;
    if (block.type === 'section' && typeof text === 'string' && text.length > MAX_SECTION_TEXT) {
      return `section text of block ${index} is ${text.length} characters (limit ${MAX_SECTION_TEXT})`;
    }
    const nested = nestedProblem(block, `block ${index}`);
    if (nested) return nested;
  }
  return undefined;
}

/** Walks a block's elements for over-long ids and button values. */
function nestedProblem(node: unknown, where: string): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const problem = nestedProblem(item, where);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  for (const key of ['action_id', 'block_id']) {
    const id = node[key];
    if (typeof id === 'string' && id.length > MAX_ID_LENGTH) {
      return `${key} in ${where} is ${id.length} characters (limit ${MAX_ID_LENGTH})`;
    }
  }
  if (node.type === 'button' && typeof node.value === 'string' && node.value.length > MAX_BUTTON_VALUE) {
    return `button value in ${where} is ${node.value.length} characters (limit ${MAX_BUTTON_VALUE})`;
  }
  if (node.type === 'overflow') {
    const options = Array.isArray(node.options) ? node.options : [];
    if (options.length < MIN_OVERFLOW_OPTIONS || options.length > MAX_OVERFLOW_OPTIONS) {
      return `overflow in ${where} has ${options.length} options (${MIN_OVERFLOW_OPTIONS} to ${MAX_OVERFLOW_OPTIONS})`;
    }
    for (const option of options) {
      const text = isObject(option) && isObject(option.text) ? option.text.text : undefined;
      const value = isObject(option) ? option.value : undefined;
      if (typeof text !== 'string' || text.length > MAX_OPTION_TEXT) {
        return `overflow option text in ${where} is missing or over ${MAX_OPTION_TEXT} characters`;
      }
      if (typeof value === 'string' && value.length > MAX_OPTION_VALUE) {
        return `overflow option value in ${where} is over ${MAX_OPTION_VALUE} characters`;
      }
    }
  }
  for (const value of Object.values(node)) {
    const problem = nestedProblem(value, where);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The interactive element of this type and action_id in an actions block or as a section accessory, with
 * the id of its block (Slack fills in a block_id the sender left out; any stable string serves here).
 */
function findElement(
  blocks: unknown[],
  type: string,
  actionId: string,
): { blockId: string; element: Json } | undefined {
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const element = candidates.find(
      (candidate): candidate is Json =>
        isObject(candidate) && candidate.type === type && candidate.action_id === actionId,
    );
    if (element) {
      return { blockId: typeof block.block_id === 'string' ? block.block_id : `block-${index}`, element };
    }
  }
  return undefined;
}

interface FoundOverflow {
  blockId: string;
  options: Array<{ text: unknown; value: string }>;
}

/** The overflow menu with this action_id, and its options. */
function findOverflow(blocks: unknown[], actionId: string): FoundOverflow | undefined {
  const found = findElement(blocks, 'overflow', actionId);
  if (!found) return undefined;
  const options = (Array.isArray(found.element.options) ? found.element.options : []).filter(
    (option): option is { text: unknown; value: string } =>
      isObject(option) && typeof option.value === 'string',
  );
  return { blockId: found.blockId, options };
}

interface FoundButton {
  blockId: string;
  button: { text: unknown; value?: string; style?: string };
}

/** The button with this action_id. */
function findButton(blocks: unknown[], actionId: string): FoundButton | undefined {
  const found = findElement(blocks, 'button', actionId);
  if (!found) return undefined;
  const button = found.element;
  return {
    blockId: found.blockId,
    button: {
      text: button.text,
      ...(typeof button.value === 'string' ? { value: button.value } : {}),
      ...(typeof button.style === 'string' ? { style: button.style } : {}),
    },
  };
}

function requireView(method: string, view: unknown): Json {
  if (!isObject(view) || typeof view.type !== 'string') {
    throw new ContractViolation(
      `${method}: view is not a JSON object with a type`,
      new SlackApiError('invalid_arguments'),
    );
  }
  checkBlocks(method, view.blocks ?? [], MAX_VIEW_BLOCKS);
  const problem = viewProblem(view);
  if (problem) throw new ContractViolation(`${method}: ${problem}`, new SlackApiError('invalid_arguments'));
  return view;
}

/** Slack's limits on a view's own fields (https://docs.slack.dev/reference/views). */
function viewProblem(view: Json): string | undefined {
  const metadata = view.private_metadata;
  if (typeof metadata === 'string' && metadata.length > MAX_PRIVATE_METADATA) {
    return `private_metadata is ${metadata.length} characters (limit ${MAX_PRIVATE_METADATA})`;
  }
  for (const field of ['title', 'submit', 'close']) {
    const text = isObject(view[field]) ? (view[field] as Json).text : undefined;
    if (typeof text === 'string' && text.length > MAX_VIEW_LABEL) {
      return `${field} is ${text.length} characters (limit ${MAX_VIEW_LABEL})`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Request parsing

/**
 * Arguments from the query string and the body (urlencoded, JSON or multipart), with the JSON-string
 * arguments parsed. The token comes from `Authorization: Bearer` or a `token` argument and is not recorded.
 */
async function readArgs(request: Request): Promise<{ args: Args; token: string | undefined }> {
  const args: Args = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === 'POST') Object.assign(args, await readAnyBody(request));
  for (const key of Object.keys(args)) args[key] = decodeArgument(key, args[key]);
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  return { args, token };
}

async function readAnyBody(request: Request): Promise<Args> {
  const contentType = request.headers.get('content-type') ?? '';
  try {
    if (contentType.includes('application/json')) {
      const parsed: unknown = await request.json();
      return isObject(parsed) ? parsed : {};
    }
    if (contentType.includes('application/x-www-form-urlencoded')) {
      return Object.fromEntries(new URLSearchParams(await request.text()));
    }
    if (contentType.includes('multipart/form-data')) {
      const form = await request.formData();
      return Object.fromEntries([...form].filter(([, value]) => typeof value === 'string'));
    }
  } catch {
    return {};
  }
  return {};
}

/** The Web API client sends arrays and objects as JSON strings; an unparsable one stays a string. */
function decodeArgument(key: string, value: unknown): unknown {
  if (!JSON_ARGUMENTS.has(key) || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The web-api client posts the bytes as a multipart part named `body`; other clients post them raw. */
async function readUploadBytes(request: Request): Promise<Uint8Array> {
  if ((request.headers.get('content-type') ?? '').includes('multipart/form-data')) {
    const form = await request.formData();
    for (const [, value] of form) {
      if (typeof value !== 'string') return new Uint8Array(await value.arrayBuffer());
    }
    return new Uint8Array();
  }
  return new Uint8Array(await request.arrayBuffer());
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function failureAnswer(failure: SlackFailure): SlackApiError {
  if (failure.status === 429) {
    return new SlackApiError(failure.error ?? 'ratelimited', 429, {
      'retry-after': String(failure.retryAfterSeconds ?? 1),
    });
  }
  if (failure.status !== undefined && failure.status !== 200) {
    return new SlackApiError(failure.error ?? 'service_unavailable', failure.status);
  }
  return new SlackApiError(failure.error ?? 'fatal_error');
}

/** Signs like Slack: v0=hex(HMAC-SHA256(signing secret, "v0:<timestamp>:<body>")). */
async function sign(secret: string, timestamp: number, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`v0:${timestamp}:${body}`));
  return `v0=${[...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function encodeBody(body: object, contentType: string): string {
  if (!contentType.includes('application/x-www-form-urlencoded')) return JSON.stringify(body);
  const fields = Object.entries(body).map(([key, value]) => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return new URLSearchParams(fields).toString();
}

function messageContent(args: Args): Pick<SlackMessage, 'text' | 'blocks' | 'attachments'> {
  return {
    text: args.text === undefined ? '' : String(args.text),
    ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
    ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
  };
}

function copyMessage(message: SlackMessage): SlackMessage {
  return {
    ...message,
    reactions: [...message.reactions],
    ...(message.files ? { files: message.files.map((f) => ({ ...f })) } : {}),
  };
}

function reactionName(name: unknown): string {
  return String(name ?? '').replace(/^:|:$/g, '');
}

function channelName(id: string): string {
  return `channel-${id.toLowerCase()}`;
}

function userName(id: string): string {
  return `user-${id.toLowerCase()}`;
}

function mimeFor(filename: string): string {
  const extension = filename.split('.').pop()?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    pdf: 'application/pdf',
    txt: 'text/plain',
    ogg: 'audio/ogg',
    oga: 'audio/ogg',
    mp4: 'video/mp4',
  };
  return known[extension] ?? 'application/octet-stream';
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
