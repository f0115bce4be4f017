import type { Update } from 'grammy/types';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import reference from './specs/telegram-methods.json' with { type: 'json' };

/**
 * A local stand-in for the Telegram Bot API, served as a Hono app so the real grammY client can be
 * pointed at it (`new Bot(token, { client: { apiRoot } })`). Every request is checked against the
 * method list and limits of the real API; a request Telegram would refuse is refused the same way and
 * recorded in `violations`, so tests catch contract mistakes and not just logic mistakes.
 *
 * Runtime-agnostic on purpose (global fetch, no node:* imports): it also runs inside Haven's sandbox mode.
 */

export interface FakeTelegramOptions {
  token: string;
  botUsername?: string;
  /** Defaults to the number before the colon of the token, as with real bot tokens. */
  botId?: number;
}

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  ok: boolean;
  error?: string;
}

/** A message the bot sent to a chat, as a test wants to look at it. */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  /** The Bot API method that sent it: sendMessage, sendPhoto, … */
  method: string;
  date: number;
  text?: string;
  caption?: string;
  parse_mode?: string;
  entities?: unknown;
  reply_markup?: unknown;
  protect_content?: boolean;
  disable_notification?: boolean;
  link_preview_options?: unknown;
  /** For media messages: the file_id of what was sent. */
  file_id?: string;
  edited?: boolean;
  deleted?: boolean;
}

export interface PersonInput {
  chatId: number;
  text?: string;
  languageCode?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  photo?: boolean;
  /** A file the person sends (`text` is its caption). A `size` beyond the bytes makes a big file cheaply. */
  file?: PersonFile;
  /** Other message fields as Telegram sends them: location, venue, contact, sticker, poll, dice… */
  fields?: Record<string, unknown>;
  callbackData?: string;
  callbackMessageId?: number;
  editOfMessageId?: number;
}

export interface PersonFile {
  kind: 'photo' | 'document' | 'voice' | 'audio' | 'video' | 'video_note' | 'animation';
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
  /** What Telegram reports as file_size (default: the length of `bytes`). */
  size?: number;
}

/** A file the fake keeps, as a test reads it back. */
export interface FakeTelegramFile {
  fileId: string;
  mimeType: string;
  fileName?: string;
  size: number;
  bytes?: Uint8Array;
}

/** A change to a chat's messages, as an observer (the sandbox playground) is told of it. */
export interface TelegramChatChange {
  chatId: number;
  messageId: number;
  /** `deleted` covers the person's messages too: in a private chat the bot may delete both sides. */
  kind: 'sent' | 'edited' | 'deleted';
}

export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

type Json = Record<string, unknown>;
type Payload = Record<string, unknown>;

interface FieldList {
  required: string[];
  fields: string[];
}

const METHODS: Record<string, FieldList> = reference.methods;
const MARKUP_TYPES: Record<string, FieldList> = reference.types;

// Limits Telegram enforces that the reference only states in prose.
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_CALLBACK_ANSWER = 200;
const MAX_DESCRIPTION = 512;
/** Bots may download files of at most 20 MB (getFile refuses bigger ones). */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const MAX_SHORT_DESCRIPTION = 120;
const PARSE_MODES = new Set(['HTML', 'MarkdownV2', 'Markdown']);
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
/** Update kinds Telegram leaves out unless a bot asks for them by name. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
/** Methods that put a message into a chat, for rate limiting. */
const MESSAGE_SENDING = /^(send(?!ChatAction)|copyMessage|forwardMessage)/;
/** Form fields that are free text, so a value like "[1]" must stay a string. */
const PLAIN_TEXT_FIELDS = new Set([
  'text',
  'caption',
  'description',
  'short_description',
  'name',
  'title',
  'question',
  'explanation',
  'address',
  'data',
]);
/** A 1×1 JPEG, the bytes behind every photo a simulated person sends. */
const TINY_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

/** An error answered in Telegram's own envelope and HTTP status. */
class BotApiError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
  ) {
    super(description);
  }

  toJSON(): Json {
    return {
      ok: false,
      error_code: this.error_code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

const badRequest = (reason: string) => new BotApiError(400, `Bad Request: ${reason}`);

/** A contract breach: recorded as a violation and answered with Telegram's error. */
class ContractViolation extends Error {
  constructor(
    readonly violation: string,
    readonly answer: BotApiError,
  ) {
    super(violation);
  }
}

interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_size: number;
  mime_type: string;
  file_name?: string;
  bytes?: Uint8Array;
}

interface Person {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

interface BotMessage {
  sent: SentMessage;
  /** The Message object as the Bot API returned it (and as a callback_query carries it). */
  message: Json;
}

interface ChatState {
  person: Person;
  /** Telegram numbers the person's and the bot's messages in one sequence per private chat. */
  lastMessageId: number;
  botMessages: BotMessage[];
  personMessages: Map<number, Json>;
}

interface CallContext {
  method: string;
  payload: Payload;
  uploads: Map<string, UploadedFile>;
  signal: AbortSignal;
}

type Handler = (call: CallContext) => unknown | Promise<unknown>;

interface Fault {
  method: string;
  error: TelegramFailure;
  remaining: number;
}

export class FakeTelegram {
  readonly app: Hono;
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  webhook: { url: string; secretToken?: string } | undefined;
  rateLimited = 0;

  readonly #token: string;
  readonly #bot: { id: number; username: string; first_name: string };
  #chats = new Map<number, ChatState>();
  #files = new Map<string, StoredFile>();
  #queue: Update[] = [];
  #webhookAllowed: string[] | undefined;
  #pollingAllowed: string[] | undefined;
  #openCallbackQueries = new Set<string>();
  #faults: Fault[] = [];
  #limits: { perChatPerSecond: number; globalPerSecond: number } | undefined;
  #recentSends: Array<{ at: number; chatId: number }> = [];
  #commands: unknown[] = [];
  #descriptions = { description: '', short_description: '' };
  // Never reset: Haven deduplicates on update_id, so ids must not repeat within one fake's life.
  // From the clock, so a fake restarted beside the same database never repeats an update id Haven has seen.
  #nextUpdateId = Date.now();
  #nextFileNumber = 1;
  #nextCallbackNumber = 1;
  /** Bumped by every getUpdates, so an older waiting poll knows it was superseded. */
  #pollGeneration = 0;
  #pollWaiters = new Set<() => void>();
  /** Observers; kept across reset(), which clears what happened, not who watches. */
  #changeListeners = new Set<(change: TelegramChatChange) => void>();

  constructor(options: FakeTelegramOptions) {
    this.#token = options.token;
    this.#bot = {
      id: options.botId ?? botIdFromToken(options.token),
      username: options.botUsername ?? 'haven_test_bot',
      first_name: 'Haven',
    };
    this.app = this.#routes();
  }

  // -------------------------------------------------------------------------------------------------------
  // Test-facing API

  async sendFromPerson(input: PersonInput): Promise<{ update: Update; status?: number }> {
    const chat = this.#chat(input.chatId);
    updatePerson(chat.person, input);
    const update = { update_id: this.#nextUpdateId++, ...this.#updateBody(chat, input) } as Update;
    if (this.webhook) {
      if (!isAllowed(updateKind(update), this.#webhookAllowed)) return { update, status: undefined };
      const { status } = await this.#post(update);
      return { update, status };
    }
    this.#enqueue(update);
    return { update, status: undefined };
  }

  async deliver(
    update: unknown,
    options: { secretToken?: string | null } = {},
  ): Promise<{ status?: number; body?: string }> {
    if (!this.webhook) {
      this.#enqueue(update as Update);
      return {};
    }
    return this.#post(update, options.secretToken);
  }

  /** A file Telegram holds (sent by the person or uploaded by the bot), with its bytes. */
  file(fileId: string): FakeTelegramFile | undefined {
    const file = this.#files.get(fileId);
    if (!file) return undefined;
    return {
      fileId: file.file_id,
      mimeType: file.mime_type,
      size: file.file_size,
      ...(file.file_name ? { fileName: file.file_name } : {}),
      ...(file.bytes ? { bytes: file.bytes } : {}),
    };
  }

  sentTo(chatId: number): SentMessage[] {
    return (this.#chats.get(chatId)?.botMessages ?? []).map((m) => ({ ...m.sent }));
  }

  /** Calls `listener` after the bot sends, edits or deletes a message; returns a function that stops it. */
  onChange(listener: (change: TelegramChatChange) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  failNext(method: string, error: TelegramFailure, count = 1): void {
    this.#faults.push({ method, error, remaining: count });
  }

  enforceRateLimits(limits: { perChatPerSecond: number; globalPerSecond: number } | undefined): void {
    this.#limits = limits;
    this.#recentSends = [];
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.webhook = undefined;
    this.rateLimited = 0;
    this.#chats.clear();
    this.#files.clear();
    this.#queue = [];
    this.#webhookAllowed = undefined;
    this.#pollingAllowed = undefined;
    this.#openCallbackQueries.clear();
    this.#faults = [];
    this.#recentSends = [];
    this.#commands = [];
    this.#descriptions = { description: '', short_description: '' };
    this.#wakePolls();
  }

  // -------------------------------------------------------------------------------------------------------
  // HTTP

  #routes(): Hono {
    const app = new Hono();
    app.get('/file/:bot/:path{.+}', (c) => this.#serveFile(c));
    app.on(['GET', 'POST'], '/:bot/:method', (c) => this.#serveMethod(c));
    app.notFound((c) => c.json(new BotApiError(404, 'Not Found').toJSON(), 404));
    return app;
  }

  async #serveMethod(c: Context): Promise<Response> {
    const method = c.req.param('method') ?? '';
    const auth = this.#checkToken(c.req.param('bot'));
    if (auth) return answer(c, auth);

    const { payload, uploads } = await readPayload(c.req.raw);
    const call: RecordedCall = { method, payload, at: Date.now(), ok: true };
    this.calls.push(call);
    try {
      const result = await this.#perform({ method, payload, uploads, signal: c.req.raw.signal });
      return c.json({ ok: true, result });
    } catch (error) {
      const failure = this.#asApiError(error);
      call.ok = false;
      call.error = failure.description;
      return answer(c, failure);
    }
  }

  /** Contract checks first (a malformed call is the caller's bug), then injected faults, then limits. */
  async #perform(call: CallContext): Promise<unknown> {
    this.violations.push(...checkContract(call.method, call.payload));
    this.#takeFault(call.method);
    this.#checkRateLimit(call);
    const handler = this.#handlers[call.method];
    return handler ? handler(call) : true;
  }

  #asApiError(error: unknown): BotApiError {
    if (error instanceof ContractViolation) {
      this.violations.push(error.violation);
      return error.answer;
    }
    if (error instanceof BotApiError) return error;
    return new BotApiError(500, `Internal Server Error: ${(error as Error).message}`);
  }

  #checkToken(segment: string | undefined): BotApiError | undefined {
    if (!segment?.startsWith('bot')) return new BotApiError(404, 'Not Found');
    if (segment !== `bot${this.#token}`) return new BotApiError(401, 'Unauthorized');
    return undefined;
  }

  #serveFile(c: Context): Response {
    const auth = this.#checkToken(c.req.param('bot'));
    if (auth) return answer(c, auth);
    const path = c.req.param('path');
    const file = [...this.#files.values()].find((f) => f.file_path === path && f.bytes);
    if (!file?.bytes) return answer(c, new BotApiError(404, 'Not Found'));
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': file.mime_type, 'content-length': String(file.bytes.length) },
    });
  }

  /** Delivers an update to the webhook the way Telegram does: JSON, with the secret token header. */
  async #post(update: unknown, secretOverride?: string | null): Promise<{ status: number; body: string }> {
    const webhook = this.webhook!;
    const secret = secretOverride === undefined ? webhook.secretToken : secretOverride;
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret != null ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      body: JSON.stringify(update),
    });
    return { status: response.status, body: await response.text() };
  }

  // -------------------------------------------------------------------------------------------------------
  // Faults and rate limits

  #takeFault(method: string): void {
    const fault = this.#faults.find((f) => f.remaining > 0 && (f.method === method || f.method === '*'));
    if (!fault) return;
    fault.remaining -= 1;
    this.#faults = this.#faults.filter((f) => f.remaining > 0);
    throw new BotApiError(fault.error.error_code, fault.error.description, fault.error.parameters);
  }

  /** A sliding one-second window over accepted sends, per chat and overall (Telegram's documented limits). */
  #checkRateLimit(call: CallContext): void {
    if (!this.#limits || !MESSAGE_SENDING.test(call.method)) return;
    const now = Date.now();
    const chatId = Number(call.payload.chat_id);
    this.#recentSends = this.#recentSends.filter((s) => now - s.at < 1000);
    const toChat = this.#recentSends.filter((s) => s.chatId === chatId).length;
    if (toChat >= this.#limits.perChatPerSecond || this.#recentSends.length >= this.#limits.globalPerSecond) {
      this.rateLimited += 1;
      throw new BotApiError(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
    }
    this.#recentSends.push({ at: now, chatId });
  }

  // -------------------------------------------------------------------------------------------------------
  // Method handlers. Methods not listed here but present in the reference answer `true`.

  readonly #handlers: Record<string, Handler> = {
    getMe: () => this.#getMe(),
    getUpdates: (call) => this.#getUpdates(call),
    setWebhook: ({ payload }) => this.#setWebhook(payload),
    deleteWebhook: ({ payload }) => this.#deleteWebhook(payload),
    getWebhookInfo: () => this.#webhookInfo(),
    sendMessage: ({ payload }) => this.#sendText(payload),
    sendPhoto: (call) => this.#sendMedia(call, 'photo'),
    sendDocument: (call) => this.#sendMedia(call, 'document'),
    sendVoice: (call) => this.#sendMedia(call, 'voice'),
    sendVideo: (call) => this.#sendMedia(call, 'video'),
    editMessageText: ({ payload }) => this.#editMessageText(payload),
    deleteMessage: ({ payload }) => this.#deleteMessage(payload),
    deleteMessages: ({ payload }) => this.#deleteMessages(payload),
    answerCallbackQuery: ({ payload }) => this.#answerCallbackQuery(payload),
    setMyCommands: ({ payload }) => this.#setMyCommands(payload),
    getMyCommands: () => this.#commands,
    setMyDescription: ({ payload }) => this.#setDescription(payload, 'description', MAX_DESCRIPTION),
    setMyShortDescription: ({ payload }) =>
      this.#setDescription(payload, 'short_description', MAX_SHORT_DESCRIPTION),
    getMyDescription: () => ({ description: this.#descriptions.description }),
    getMyShortDescription: () => ({ short_description: this.#descriptions.short_description }),
    getFile: ({ payload }) => this.#getFile(payload),
    sendChatAction: ({ payload }) => this.#sendChatAction(payload),
  };

  #getMe(): Json {
    return {
      ...this.#botUser(),
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  #botUser(): Json {
    return { id: this.#bot.id, is_bot: true, first_name: this.#bot.first_name, username: this.#bot.username };
  }

  async #getUpdates(call: CallContext): Promise<Update[]> {
    if (this.webhook) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const { payload, signal } = call;
    const generation = ++this.#pollGeneration;
    this.#wakePolls(); // an older poll still waiting is answered with a conflict, as Telegram does
    if (Array.isArray(payload.allowed_updates) && payload.allowed_updates.length > 0) {
      this.#pollingAllowed = payload.allowed_updates.map(String);
    }
    this.#confirmUpTo(toInt(payload.offset));
    const limit = clamp(toInt(payload.limit) ?? 100, 1, 100);
    const timeoutMs = Math.max(0, toInt(payload.timeout) ?? 0) * 1000;

    if (this.#deliverable().length === 0 && timeoutMs > 0) await this.#waitForUpdates(timeoutMs, signal);
    if (generation !== this.#pollGeneration) {
      throw new BotApiError(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      );
    }
    return this.#deliverable().slice(0, limit);
  }

  /** Confirms (forgets) updates below `offset`; a negative offset keeps only that many of the newest. */
  #confirmUpTo(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    this.#queue = offset > 0 ? this.#queue.filter((u) => u.update_id >= offset) : this.#queue.slice(offset);
  }

  /** Updates the poller may see; kinds it did not ask for are dropped, as Telegram never stores them. */
  #deliverable(): Update[] {
    this.#queue = this.#queue.filter((u) => isAllowed(updateKind(u), this.#pollingAllowed));
    return this.#queue;
  }

  #waitForUpdates(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#pollWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.#pollWaiters.add(done);
    });
  }

  #wakePolls(): void {
    for (const wake of [...this.#pollWaiters]) wake();
  }

  #enqueue(update: Update): void {
    this.#queue.push(update);
    this.#wakePolls();
  }

  #setWebhook(payload: Payload): true {
    const url = String(payload.url ?? '');
    // The Bot API removes the webhook when setWebhook is called with an empty URL.
    if (url === '') return this.#deleteWebhook(payload);
    const secretToken = payload.secret_token === undefined ? undefined : String(payload.secret_token);
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw new ContractViolation(
        'setWebhook: secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
        badRequest('secret token contains unallowed characters'),
      );
    }
    this.webhook = { url, ...(secretToken !== undefined ? { secretToken } : {}) };
    if (Array.isArray(payload.allowed_updates)) {
      this.#webhookAllowed = payload.allowed_updates.length ? payload.allowed_updates.map(String) : undefined;
    }
    if (payload.drop_pending_updates === true || payload.drop_pending_updates === 'true') this.#queue = [];
    this.#wakePolls();
    return true;
  }

  #deleteWebhook(payload: Payload): true {
    this.webhook = undefined;
    if (payload.drop_pending_updates === true || payload.drop_pending_updates === 'true') this.#queue = [];
    return true;
  }

  #webhookInfo(): Json {
    return {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.#queue.length,
      ...(this.webhook ? { max_connections: 40, ip_address: '127.0.0.1' } : {}),
      ...(this.#webhookAllowed ? { allowed_updates: this.#webhookAllowed } : {}),
    };
  }

  #sendText(payload: Payload): Json {
    const chat = this.#targetChat(payload);
    return this.#storeBotMessage(chat, 'sendMessage', payload, {
      text: String(payload.text),
      ...(payload.entities ? { entities: payload.entities } : {}),
      ...(payload.link_preview_options ? { link_preview_options: payload.link_preview_options } : {}),
    });
  }

  #sendMedia(call: CallContext, kind: 'photo' | 'document' | 'voice' | 'video'): Json {
    const chat = this.#targetChat(call.payload);
    const file = this.#resolveInputFile(call, kind);
    const content: Json =
      kind === 'photo' ? { photo: this.#photoSizes(file) } : { [kind]: mediaObject(kind, file) };
    if (call.payload.caption !== undefined) content.caption = String(call.payload.caption);
    return this.#storeBotMessage(chat, `send${capitalise(kind)}`, call.payload, content, file.file_id);
  }

  /** A media field is a file_id Telegram knows, an HTTP URL, or an uploaded file (`attach://<part>`). */
  #resolveInputFile(call: CallContext, field: string): StoredFile {
    const value = call.payload[field];
    const given = typeof value === 'string' ? value : '';
    if (given.startsWith('attach://')) {
      const upload = call.uploads.get(given.slice('attach://'.length));
      if (!upload) throw badRequest(`there is no ${field} in the request`);
      return this.#storeFile(field, upload.bytes, upload.contentType, upload.filename);
    }
    if (/^https?:\/\//.test(given)) {
      return this.#storeFile(field, undefined, guessMime(field, given), given.split('/').pop());
    }
    const known = this.#files.get(given);
    if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
    return known;
  }

  #editMessageText(payload: Payload): Json {
    const stored = this.#findBotMessage(payload, 'message to edit not found');
    const text = String(payload.text ?? '');
    const markup = payload.reply_markup;
    const previous = stored.message;
    if (previous.text === text && JSON.stringify(previous.reply_markup) === JSON.stringify(markup)) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    stored.message = {
      ...previous,
      text,
      edit_date: nowSeconds(),
      ...(markup ? { reply_markup: markup } : {}),
    };
    if (!markup) delete stored.message.reply_markup;
    Object.assign(stored.sent, { text, edited: true, reply_markup: markup });
    if (payload.parse_mode !== undefined) stored.sent.parse_mode = String(payload.parse_mode);
    this.#notify({ chatId: stored.sent.chat_id, messageId: stored.sent.message_id, kind: 'edited' });
    return stored.message;
  }

  #deleteMessage(payload: Payload): true {
    const chat = this.#targetChat(payload);
    if (!this.#deleteOne(chat, toInt(payload.message_id))) throw badRequest('message to delete not found');
    return true;
  }

  /** Deletes what it finds and skips the rest, as the Bot API documents for deleteMessages. */
  #deleteMessages(payload: Payload): true {
    const ids = payload.message_ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
      throw new ContractViolation(
        `deleteMessages: message_ids must hold 1-100 identifiers (got ${Array.isArray(ids) ? ids.length : typeof ids})`,
        badRequest(
          Array.isArray(ids) && ids.length > 100
            ? 'too many message identifiers specified'
            : 'message identifiers are not specified',
        ),
      );
    }
    const chat = this.#targetChat(payload);
    for (const id of ids) this.#deleteOne(chat, toInt(id));
    return true;
  }

  #deleteOne(chat: ChatState, messageId: number | undefined): boolean {
    if (messageId === undefined) return false;
    const bot = chat.botMessages.find((m) => m.sent.message_id === messageId && !m.sent.deleted);
    if (bot) bot.sent.deleted = true;
    const deleted = bot !== undefined || chat.personMessages.delete(messageId);
    if (deleted) this.#notify({ chatId: chat.person.id, messageId, kind: 'deleted' });
    return deleted;
  }

  #notify(change: TelegramChatChange): void {
    for (const listener of this.#changeListeners) {
      try {
        listener(change);
      } catch {
        // An observer's mistake must not turn into a Bot API error.
      }
    }
  }

  #answerCallbackQuery(payload: Payload): true {
    const text = payload.text === undefined ? '' : String(payload.text);
    if (text.length > MAX_CALLBACK_ANSWER) {
      throw new ContractViolation(
        `answerCallbackQuery: text is ${text.length} characters (limit ${MAX_CALLBACK_ANSWER})`,
        badRequest('MESSAGE_TOO_LONG'),
      );
    }
    const id = String(payload.callback_query_id);
    if (!this.#openCallbackQueries.delete(id)) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    return true;
  }

  #setMyCommands(payload: Payload): true {
    const commands = payload.commands;
    if (!Array.isArray(commands) || commands.length > 100) {
      throw new ContractViolation(
        'setMyCommands: commands must be an array of at most 100',
        badRequest('BOT_COMMANDS_TOO_MUCH'),
      );
    }
    for (const entry of commands as Json[]) {
      const command = String(entry?.command ?? '');
      const description = String(entry?.description ?? '');
      if (!/^[a-z0-9_]{1,32}$/.test(command)) {
        throw new ContractViolation(
          `setMyCommands: command "${command}" must be 1-32 characters of a-z, 0-9 and _`,
          badRequest('BOT_COMMAND_INVALID'),
        );
      }
      if (description.length < 1 || description.length > 256) {
        throw new ContractViolation(
          `setMyCommands: description of "${command}" must be 1-256 characters`,
          badRequest('BOT_COMMAND_DESCRIPTION_INVALID'),
        );
      }
    }
    this.#commands = commands;
    return true;
  }

  #setDescription(payload: Payload, field: 'description' | 'short_description', max: number): true {
    const value = payload[field] === undefined ? '' : String(payload[field]);
    if (value.length > max) {
      throw new ContractViolation(
        `${field === 'description' ? 'setMyDescription' : 'setMyShortDescription'}: ${field} is ${value.length} characters (limit ${max})`,
        badRequest(`${field.toUpperCase()}_INVALID`),
      );
    }
    this.#descriptions[field] = value;
    return true;
  }

  #getFile(payload: Payload): Json {
    const file = this.#files.get(String(payload.file_id));
    if (!file) throw badRequest('invalid file_id');
    if (file.file_size > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.file_size,
      file_path: file.file_path,
    };
  }

  #sendChatAction(payload: Payload): true {
    const action = String(payload.action);
    if (!CHAT_ACTIONS.has(action)) {
      throw new ContractViolation(
        `sendChatAction: action "${action}" is not one of ${[...CHAT_ACTIONS].join(', ')}`,
        badRequest('wrong parameter action in request'),
      );
    }
    this.#targetChat(payload);
    return true;
  }

  // -------------------------------------------------------------------------------------------------------
  // Chats, messages and files

  #chat(chatId: number): ChatState {
    let chat = this.#chats.get(chatId);
    if (!chat) {
      chat = {
        person: { id: chatId, first_name: 'Test' },
        lastMessageId: 0,
        botMessages: [],
        personMessages: new Map(),
      };
      this.#chats.set(chatId, chat);
    }
    return chat;
  }

  /** Private chats only: a numeric chat_id. A @username would be a channel or group, which Haven never uses. */
  #targetChat(payload: Payload): ChatState {
    const chatId = Number(payload.chat_id);
    if (!Number.isSafeInteger(chatId)) throw badRequest('chat not found');
    return this.#chat(chatId);
  }

  #findBotMessage(payload: Payload, notFound: string): BotMessage {
    const chat = this.#targetChat(payload);
    const id = toInt(payload.message_id);
    const found = chat.botMessages.find((m) => m.sent.message_id === id && !m.sent.deleted);
    if (!found) throw badRequest(notFound);
    return found;
  }

  #chatObject(person: Person): Json {
    return {
      id: person.id,
      type: 'private',
      first_name: person.first_name,
      ...(person.last_name ? { last_name: person.last_name } : {}),
      ...(person.username ? { username: person.username } : {}),
    };
  }

  #personUser(person: Person): Json {
    return {
      id: person.id,
      is_bot: false,
      first_name: person.first_name,
      ...(person.last_name ? { last_name: person.last_name } : {}),
      ...(person.username ? { username: person.username } : {}),
      ...(person.language_code ? { language_code: person.language_code } : {}),
    };
  }

  #storeBotMessage(chat: ChatState, method: string, payload: Payload, content: Json, fileId?: string): Json {
    const messageId = ++chat.lastMessageId;
    const date = nowSeconds();
    const markup = payload.reply_markup as Json | undefined;
    const message: Json = {
      message_id: messageId,
      from: this.#botUser(),
      chat: this.#chatObject(chat.person),
      date,
      ...content,
      // Only inline keyboards stay attached to a message; reply keyboards belong to the chat.
      ...(markup?.inline_keyboard ? { reply_markup: markup } : {}),
      ...(isTrue(payload.protect_content) ? { has_protected_content: true } : {}),
    };
    const sent: SentMessage = {
      message_id: messageId,
      chat_id: chat.person.id,
      method,
      date,
      ...pick(content, ['text', 'caption', 'entities', 'link_preview_options']),
      ...(payload.parse_mode !== undefined ? { parse_mode: String(payload.parse_mode) } : {}),
      ...(markup !== undefined ? { reply_markup: markup } : {}),
      ...(payload.protect_content !== undefined ? { protect_content: isTrue(payload.protect_content) } : {}),
      ...(payload.disable_notification !== undefined
        ? { disable_notification: isTrue(payload.disable_notification) }
        : {}),
      ...(fileId ? { file_id: fileId } : {}),
    };
    chat.botMessages.push({ sent, message });
    this.#notify({ chatId: chat.person.id, messageId, kind: 'sent' });
    return message;
  }

  #storeFile(kind: string, bytes: Uint8Array | undefined, mimeType: string, fileName?: string): StoredFile {
    const number = this.#nextFileNumber++;
    const folder = kind === 'photo' ? 'photos' : `${kind}s`;
    const extension = fileName?.includes('.') ? fileName.split('.').pop() : extensionFor(mimeType);
    const file: StoredFile = {
      file_id: `${FILE_ID_PREFIX[kind] ?? 'BQACAgIAAxkBAAI'}${String(number).padStart(6, '0')}`,
      file_unique_id: `AQAD${String(number).padStart(6, '0')}`,
      file_path: `${folder}/file_${number}.${extension}`,
      file_size: bytes?.length ?? 0,
      mime_type: mimeType,
      ...(fileName ? { file_name: fileName } : {}),
      ...(bytes ? { bytes } : {}),
    };
    this.#files.set(file.file_id, file);
    return file;
  }

  /** Telegram stores a photo in several sizes, each with its own file_id; the bytes here are the same. */
  #photoSizes(original: StoredFile): Json[] {
    const sizes = [90, 320, 800].map((side, index) => {
      const file =
        index === 2 ? original : this.#storeFile('photo', original.bytes, original.mime_type, undefined);
      return {
        file_id: file.file_id,
        file_unique_id: file.file_unique_id,
        file_size: file.file_size,
        width: side,
        height: side,
      };
    });
    return sizes;
  }

  // -------------------------------------------------------------------------------------------------------
  // Building updates

  #updateBody(chat: ChatState, input: PersonInput): Json {
    if (input.callbackData !== undefined) return { callback_query: this.#callbackQuery(chat, input) };
    if (input.editOfMessageId !== undefined) return { edited_message: this.#editedMessage(chat, input) };
    return { message: this.#personMessage(chat, input) };
  }

  #personMessage(chat: ChatState, input: PersonInput): Json {
    const message: Json = {
      message_id: ++chat.lastMessageId,
      from: this.#personUser(chat.person),
      chat: this.#chatObject(chat.person),
      date: nowSeconds(),
    };
    if (input.photo) {
      const original = this.#storeFile('photo', base64Bytes(TINY_JPEG_BASE64), 'image/jpeg');
      message.photo = this.#photoSizes(original);
      if (input.text !== undefined) message.caption = input.text;
    } else if (input.file) {
      Object.assign(message, this.#personFile(input.file));
      if (input.text !== undefined) message.caption = input.text;
    } else if (input.fields) {
      Object.assign(message, input.fields);
    } else {
      message.text = input.text ?? 'Hello';
      // Telegram marks a leading "/command" (optionally "@botname") as a bot_command entity.
      const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(message.text as string);
      if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    }
    chat.personMessages.set(message.message_id as number, message);
    return message;
  }

  /** The message fields of a file the person sends, as Telegram describes each kind. */
  #personFile(input: PersonFile): Json {
    const mimeType = input.mimeType ?? guessMime(input.kind, input.fileName ?? '');
    const file = this.#storeFile(input.kind, input.bytes, mimeType, input.fileName);
    if (input.size !== undefined) file.file_size = input.size;
    if (input.kind === 'photo') return { photo: this.#photoSizes(file) };
    const described = mediaObject(input.kind, file);
    if (input.kind === 'video_note') {
      // A round video has a side length and no name or type.
      const { mime_type: _type, ...rest } = described;
      return { video_note: { ...rest, length: 240, duration: 1 } };
    }
    // A GIF arrives as an animation and, for older clients, as a document too.
    if (input.kind === 'animation') return { animation: described, document: mediaObject('document', file) };
    return { [input.kind]: described };
  }

  #editedMessage(chat: ChatState, input: PersonInput): Json {
    const id = input.editOfMessageId!;
    const original = chat.personMessages.get(id);
    const edited: Json = {
      ...(original ?? {
        message_id: id,
        from: this.#personUser(chat.person),
        chat: this.#chatObject(chat.person),
        date: nowSeconds(),
      }),
      edit_date: nowSeconds(),
    };
    if (edited.photo) edited.caption = input.text ?? '';
    else edited.text = input.text ?? '';
    chat.personMessages.set(id, edited);
    return edited;
  }

  /** A button press on one of the bot's messages (the given one, or the latest the bot sent there). */
  #callbackQuery(chat: ChatState, input: PersonInput): Json {
    const target =
      input.callbackMessageId === undefined
        ? chat.botMessages.at(-1)
        : chat.botMessages.find((m) => m.sent.message_id === input.callbackMessageId);
    const message = target?.message ?? {
      message_id: input.callbackMessageId ?? chat.lastMessageId,
      from: this.#botUser(),
      chat: this.#chatObject(chat.person),
      date: nowSeconds(),
      text: '',
    };
    const id = `${chat.person.id}${String(this.#nextCallbackNumber++).padStart(6, '0')}`;
    this.#openCallbackQueries.add(id);
    return {
      id,
      from: this.#personUser(chat.person),
      message,
      chat_instance: `-${String(chat.person.id * 7919).slice(0, 19)}`,
      data: input.callbackData,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Contract checks against the reference

/**
 * Throws a ContractViolation for the first rule the call breaks that Telegram itself refuses; returns the
 * breaches Telegram lets pass silently (unknown fields), which are recorded but answered normally.
 */
function checkContract(method: string, payload: Payload): string[] {
  const spec = METHODS[method];
  if (!spec) throw new ContractViolation(`unknown method ${method}`, new BotApiError(404, 'Not Found'));
  checkRequiredFields(method, spec, payload);
  checkTextLengths(method, payload);
  checkParseMode(method, payload);
  if (payload.reply_markup !== undefined) checkReplyMarkup(method, payload.reply_markup);
  return unknownFields(method, spec, payload);
}

const isMissing = (value: unknown) => value === undefined || value === null;

function checkRequiredFields(method: string, spec: FieldList, payload: Payload): void {
  for (const field of spec.required) {
    if (!isMissing(payload[field])) continue;
    const reason =
      field === 'text'
        ? 'message text is empty'
        : ['photo', 'document', 'voice', 'video', 'audio', 'animation', 'sticker'].includes(field)
          ? `there is no ${field} in the request`
          : `${field} is empty`;
    throw new ContractViolation(`${method}: missing required field ${field}`, badRequest(reason));
  }
}

/** Telegram ignores fields it does not know, which hides typos such as `protect_contents`. */
function unknownFields(method: string, spec: FieldList, payload: Payload): string[] {
  const unknown = Object.keys(payload).filter((key) => !spec.fields.includes(key));
  return unknown.length > 0
    ? [`${method}: unknown field(s) ${unknown.join(', ')} (Telegram ignores them)`]
    : [];
}

function checkTextLengths(method: string, payload: Payload): void {
  if (method === 'sendMessage' || method === 'editMessageText') {
    if (payload.text !== undefined) {
      const text = String(payload.text);
      if (text.trim() === '') {
        throw new ContractViolation(`${method}: text is empty`, badRequest('message text is empty'));
      }
      const length = visibleLength(text, payload.parse_mode);
      if (length > MAX_TEXT) {
        throw new ContractViolation(
          `${method}: text is ${length} characters (limit ${MAX_TEXT})`,
          badRequest('message is too long'),
        );
      }
    }
  }
  if (payload.caption !== undefined) {
    const length = visibleLength(String(payload.caption), payload.parse_mode);
    if (length > MAX_CAPTION) {
      throw new ContractViolation(
        `${method}: caption is ${length} characters (limit ${MAX_CAPTION})`,
        badRequest('message caption is too long'),
      );
    }
  }
}

function checkParseMode(method: string, payload: Payload): void {
  if (payload.parse_mode === undefined || payload.parse_mode === '') return;
  if (!PARSE_MODES.has(String(payload.parse_mode))) {
    throw new ContractViolation(
      `${method}: parse_mode "${String(payload.parse_mode)}" is not HTML, MarkdownV2 or Markdown`,
      badRequest(`unsupported parse_mode`),
    );
  }
}

/** Checks reply_markup against the reference's keyboard types, and callback_data against its byte limit. */
function checkReplyMarkup(method: string, markup: unknown): void {
  const malformed = (why: string, reason = "can't parse reply keyboard markup JSON object") =>
    new ContractViolation(`${method}: reply_markup ${why}`, badRequest(reason));
  if (!isObject(markup)) throw malformed('is not a JSON object');
  const type = markupType(markup);
  if (!type)
    throw malformed('is none of InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, ForceReply');
  if (method.startsWith('edit') && type !== 'InlineKeyboardMarkup') {
    throw malformed('must be an InlineKeyboardMarkup when editing a message');
  }
  const fieldProblem = objectFieldProblem(type, markup);
  if (fieldProblem) throw malformed(fieldProblem);
  if (type === 'InlineKeyboardMarkup')
    checkKeyboardRows(markup.inline_keyboard, 'InlineKeyboardButton', malformed);
  if (type === 'ReplyKeyboardMarkup') checkKeyboardRows(markup.keyboard, 'KeyboardButton', malformed);
}

function markupType(markup: Json): string | undefined {
  if ('inline_keyboard' in markup) return 'InlineKeyboardMarkup';
  if ('keyboard' in markup) return 'ReplyKeyboardMarkup';
  if ('remove_keyboard' in markup) return 'ReplyKeyboardRemove';
  if ('force_reply' in markup) return 'ForceReply';
  return undefined;
}

/** A missing required field or a field the type does not have, per the reference. */
function objectFieldProblem(type: string, value: Json): string | undefined {
  const spec = MARKUP_TYPES[type]!;
  const missing = spec.required.find((field) => isMissing(value[field]));
  if (missing) return `${type} lacks ${missing}`;
  const unknown = Object.keys(value).find((key) => !spec.fields.includes(key));
  if (unknown) return `${type} has no field ${unknown}`;
  return undefined;
}

/** Inline button fields that are not the action a press triggers. */
const INLINE_BUTTON_DECORATION = new Set(['text', 'icon_custom_emoji_id', 'style']);

function checkKeyboardRows(
  rows: unknown,
  buttonType: 'InlineKeyboardButton' | 'KeyboardButton',
  malformed: (why: string, reason?: string) => ContractViolation,
): void {
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw malformed('keyboard is not an array of button rows');
  for (const button of rows.flat() as unknown[]) {
    // A reply keyboard button may be a bare string.
    if (buttonType === 'KeyboardButton' && typeof button === 'string') continue;
    if (!isObject(button)) throw malformed(`has a ${buttonType} that is not an object`);
    const problem = objectFieldProblem(buttonType, button);
    if (problem) throw malformed(problem);
    if (buttonType === 'InlineKeyboardButton') checkInlineButton(button, malformed);
  }
}

function checkInlineButton(
  button: Json,
  malformed: (why: string, reason?: string) => ContractViolation,
): void {
  const actions = Object.keys(button).filter((key) => !INLINE_BUTTON_DECORATION.has(key));
  if (actions.length !== 1) {
    throw malformed(
      `button "${String(button.text)}" needs exactly one action field (has ${actions.length})`,
      "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  }
  if (button.callback_data !== undefined) {
    const bytes = new TextEncoder().encode(String(button.callback_data)).length;
    if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
      throw malformed(
        `callback_data is ${bytes} bytes (must be 1-${MAX_CALLBACK_DATA_BYTES} bytes in UTF-8)`,
        'BUTTON_DATA_INVALID',
      );
    }
  }
}

/** Telegram counts text after entity parsing: HTML tags and character references do not count. */
function visibleLength(text: string, parseMode: unknown): number {
  if (parseMode !== 'HTML') return text.length;
  return text.replace(/<[^>]*>/g, '').replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, '_').length;
}

// ---------------------------------------------------------------------------------------------------------
// Request parsing

/**
 * The Bot API takes parameters as a query string, JSON, urlencoded or multipart form; grammY sends JSON
 * and, for uploads, a multipart body that the platform's FormData parser refuses (no space after the
 * header colon, unquoted filename), so multipart is parsed here.
 */
async function readPayload(
  request: Request,
): Promise<{ payload: Payload; uploads: Map<string, UploadedFile> }> {
  const url = new URL(request.url);
  const payload: Payload = {};
  const uploads = new Map<string, UploadedFile>();
  for (const [key, value] of url.searchParams) payload[key] = decodeFormValue(key, value);
  if (request.method !== 'POST') return { payload, uploads };

  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('application/json')) {
    const text = await request.text();
    if (text.trim() !== '') Object.assign(payload, parseJsonObject(text));
  } else if (contentType.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(await request.text()))
      payload[key] = decodeFormValue(key, value);
  } else if (contentType.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const parts = parseMultipart(
      new Uint8Array(await request.arrayBuffer()),
      boundary?.[1] ?? boundary?.[2] ?? '',
    );
    for (const part of parts) {
      if (part.filename === undefined) {
        payload[part.name] = decodeFormValue(part.name, new TextDecoder().decode(part.data));
        continue;
      }
      uploads.set(part.name, { filename: part.filename, contentType: part.contentType, bytes: part.data });
    }
    // A file sent directly under the parameter's name counts as `attach://<name>`.
    for (const name of uploads.keys()) {
      if (METHODS[lastSegment(url.pathname)]?.fields.includes(name) && payload[name] === undefined) {
        payload[name] = `attach://${name}`;
      }
    }
  }
  return { payload, uploads };
}

function parseJsonObject(text: string): Payload {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Form values are strings; the Bot API reads JSON-serialised objects (reply_markup, entities…) from them. */
function decodeFormValue(key: string, value: string): unknown {
  if (PLAIN_TEXT_FIELDS.has(key) || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // left as a string: the reply_markup check reports it as malformed
  }
}

interface MultipartPart {
  name: string;
  filename?: string;
  contentType: string;
  data: Uint8Array;
}

/** A tolerant multipart/form-data reader over bytes. */
function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  if (!boundary) return [];
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`--${boundary}`);
  const nextDelimiter = encoder.encode(`\r\n--${boundary}`);
  const headerEnd = encoder.encode('\r\n\r\n');
  const parts: MultipartPart[] = [];
  let position = indexOfBytes(body, delimiter, 0);
  while (position >= 0) {
    let start = position + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing "--"
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const headersEnd = indexOfBytes(body, headerEnd, start);
    if (headersEnd < 0) break;
    const end = indexOfBytes(body, nextDelimiter, headersEnd + 4);
    if (end < 0) break;
    const part = partFromHeaders(new TextDecoder().decode(body.subarray(start, headersEnd)));
    if (part) parts.push({ ...part, data: body.slice(headersEnd + 4, end) });
    position = end + 2;
  }
  return parts;
}

function partFromHeaders(headers: string): Omit<MultipartPart, 'data'> | undefined {
  let disposition = '';
  let contentType = 'application/octet-stream';
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    if (name === 'content-type') contentType = value;
  }
  const name = dispositionParameter(disposition, 'name');
  if (name === undefined) return undefined;
  const filename = dispositionParameter(disposition, 'filename');
  return { name, contentType, ...(filename !== undefined ? { filename } : {}) };
}

function dispositionParameter(disposition: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${key}=(?:"([^"]*)"|([^;]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? '').trim();
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first!, from);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function answer(c: Context, error: BotApiError): Response {
  return c.json(error.toJSON(), error.error_code as ContentfulStatusCode);
}

function botIdFromToken(token: string): number {
  const id = Number(token.split(':')[0]);
  return Number.isSafeInteger(id) && id > 0 ? id : 1_000_000_001;
}

function updatePerson(person: Person, input: PersonInput): void {
  if (input.firstName !== undefined) person.first_name = input.firstName;
  if (input.lastName !== undefined) person.last_name = input.lastName;
  if (input.username !== undefined) person.username = input.username;
  if (input.languageCode !== undefined) person.language_code = input.languageCode;
}

function updateKind(update: unknown): string {
  return Object.keys(update as object).find((key) => key !== 'update_id') ?? '';
}

function isAllowed(kind: string, allowed: string[] | undefined): boolean {
  return allowed ? allowed.includes(kind) : !OPT_IN_UPDATES.has(kind);
}

const FILE_ID_PREFIX: Record<string, string> = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  voice: 'AwACAgIAAxkBAAI',
  video: 'BAACAgIAAxkBAAI',
  audio: 'CQACAgIAAxkBAAI',
  video_note: 'DQACAgIAAxkBAAI',
  animation: 'CgACAgIAAxkBAAI',
};

function mediaObject(kind: string, file: StoredFile): Json {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.file_size,
    mime_type: file.mime_type,
    ...(['document', 'audio', 'video', 'animation'].includes(kind) && file.file_name
      ? { file_name: file.file_name }
      : {}),
    ...(['voice', 'video', 'audio', 'animation'].includes(kind) ? { duration: 1 } : {}),
    ...(kind === 'video' || kind === 'animation' ? { width: 320, height: 240 } : {}),
  };
}

function guessMime(kind: string, name: string): string {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  const byExtension: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    pdf: 'application/pdf',
    ogg: 'audio/ogg',
    mp4: 'video/mp4',
  };
  const byKind: Record<string, string> = { photo: 'image/jpeg', voice: 'audio/ogg', video: 'video/mp4' };
  return byExtension[extension] ?? byKind[kind] ?? 'application/octet-stream';
}

function extensionFor(mimeType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'audio/ogg': 'oga',
    'video/mp4': 'mp4',
    'application/pdf': 'pdf',
  };
  return known[mimeType] ?? 'dat';
}

function base64Bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function toInt(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? Math.trunc(number) : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function pick(source: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
