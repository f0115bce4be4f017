import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A local stand-in for DeepL's text translation API (https://developers.deepl.com/api-reference),
 * served as a Hono app so Haven's real client can be pointed at it. It "translates" deterministically:
 * `Bună` from Romanian to British English comes back as `[ro→en-gb] Bună`, so a test sees what was
 * translated and into what. Like DeepL it checks the `DeepL-Auth-Key` header (403), the language codes
 * (400: `EN-GB` is a target, never a source), the character quota (456), and answers with DeepL's JSON
 * shapes. Calls that break the documented contract are recorded in `violations`. It can be told to fail,
 * to stall and to rewrite its output, and records every call.
 *
 * Runtime-agnostic (no node:* imports): it also runs inside Haven's sandbox mode.
 */

export interface FakeDeepLOptions {
  authKey: string;
  /** Characters per billing period, as /v2/usage reports it; beyond it DeepL answers 456. */
  characterLimit?: number;
}

export interface DeepLCall {
  path: string;
  /** The Authorization header as sent (the fake's key is not a secret). */
  authorization: string | null;
  /** The request as the server read it (JSON or form fields). */
  body: Record<string, unknown>;
  status: number;
  at: number;
}

export interface DeepLFailure {
  status: number;
  /** The `message` field of the answer; defaults to what DeepL says for that status. */
  message?: string;
  retryAfterSeconds?: number;
}

/**
 * DeepL's text-translation languages as its 2026 language list gives them: the long-standing ones plus the
 * Haven-relevant newer ones (Hebrew, Thai, Vietnamese, Persian, Hindi, Albanian, Tagalog, Croatian). Not the
 * whole list of about 100. There is no Tigrinya.
 */
const SOURCE_LANGUAGES: Record<string, string> = {
  AR: 'Arabic',
  BG: 'Bulgarian',
  CS: 'Czech',
  DA: 'Danish',
  DE: 'German',
  EL: 'Greek',
  EN: 'English',
  ES: 'Spanish',
  ET: 'Estonian',
  FA: 'Persian',
  FI: 'Finnish',
  FR: 'French',
  HE: 'Hebrew',
  HI: 'Hindi',
  HR: 'Croatian',
  HU: 'Hungarian',
  ID: 'Indonesian',
  IT: 'Italian',
  JA: 'Japanese',
  KO: 'Korean',
  LT: 'Lithuanian',
  LV: 'Latvian',
  NB: 'Norwegian (bokmål)',
  NL: 'Dutch',
  PL: 'Polish',
  PT: 'Portuguese',
  RO: 'Romanian',
  RU: 'Russian',
  SK: 'Slovak',
  SL: 'Slovenian',
  SQ: 'Albanian',
  SV: 'Swedish',
  TH: 'Thai',
  TL: 'Tagalog',
  TR: 'Turkish',
  UK: 'Ukrainian',
  VI: 'Vietnamese',
  ZH: 'Chinese',
};

/** Targets: the sources, plus the variants (a bare EN, PT or ZH still works, for backward compatibility). */
const TARGET_LANGUAGES: Record<string, string> = {
  ...SOURCE_LANGUAGES,
  'EN-GB': 'English (British)',
  'EN-US': 'English (American)',
  'ES-419': 'Spanish (Latin American)',
  'PT-BR': 'Portuguese (Brazilian)',
  'PT-PT': 'Portuguese (European)',
  'ZH-HANS': 'Chinese (simplified)',
  'ZH-HANT': 'Chinese (traditional)',
};

const KNOWN_FIELDS = new Set([
  'text',
  'source_lang',
  'target_lang',
  'context',
  'show_billed_characters',
  'split_sentences',
  'preserve_formatting',
  'formality',
  'model_type',
  'glossary_id',
  'tag_handling',
  'outline_detection',
  'non_splitting_tags',
  'splitting_tags',
  'ignore_tags',
]);

const DEFAULT_MESSAGES: Record<number, string> = {
  403: 'Authorization failure, check auth_key',
  429: 'Too many requests',
  456: 'Quota exceeded',
  503: 'Service temporarily unavailable',
};

type Fields = Record<string, unknown>;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

export class FakeDeepL {
  readonly app: Hono;
  readonly calls: DeepLCall[] = [];
  readonly violations: string[] = [];
  /** Characters translated in this billing period. */
  characterCount = 0;
  /** What DeepL reports as `detected_source_language` when no source_lang is given. */
  detectAs = 'EN';
  /** Milliseconds to wait before answering, e.g. to make a client time out. */
  delayMs = 0;
  /** Changes every translation after it is made, e.g. to act like a model that reformats numbers. */
  rewrite: ((translated: string) => string) | undefined;

  readonly #options: FakeDeepLOptions;
  #faults: Array<DeepLFailure & { remaining: number }> = [];

  constructor(options: FakeDeepLOptions) {
    this.#options = options;
    this.app = this.#routes();
  }

  /** The next `count` translate calls fail with `failure`. */
  failNext(failure: DeepLFailure, count = 1): void {
    this.#faults.push({ ...failure, remaining: count });
  }

  /** Only the translate calls, with what they asked for. */
  get translateCalls(): DeepLCall[] {
    return this.calls.filter((call) => call.path === '/v2/translate');
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.characterCount = 0;
    this.detectAs = 'EN';
    this.delayMs = 0;
    this.rewrite = undefined;
    this.#faults = [];
  }

  #routes(): Hono {
    const app = new Hono();
    app.post('/v2/translate', (c) => this.#serve(c, '/v2/translate', (body) => this.#translate(body)));
    app.get('/v2/usage', (c) =>
      this.#serve(c, '/v2/usage', () => ({
        character_count: this.characterCount,
        character_limit: this.#options.characterLimit ?? 500_000,
      })),
    );
    app.get('/v2/languages', (c) =>
      this.#serve(c, '/v2/languages', () => {
        const table = c.req.query('type') === 'target' ? TARGET_LANGUAGES : SOURCE_LANGUAGES;
        return Object.entries(table).map(([language, name]) => ({ language, name }));
      }),
    );
    app.notFound((c) => c.json({ message: 'Not found' }, 404));
    return app;
  }

  async #serve(c: Context, path: string, handle: (body: Fields) => unknown): Promise<Response> {
    const body = c.req.method === 'POST' ? await readFields(c.req.raw) : {};
    const authorization = c.req.header('authorization') ?? null;
    const call: DeepLCall = { path, authorization, body, status: 200, at: Date.now() };
    this.calls.push(call);
    await pause(this.delayMs, c.req.raw.signal);
    try {
      this.#checkKey(authorization, body);
      if (path === '/v2/translate') this.#takeFault();
      return c.json(handle(body) as object);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      call.status = error.status;
      if (error.retryAfterSeconds !== undefined) c.header('retry-after', String(error.retryAfterSeconds));
      return c.json({ message: error.detail }, error.status as ContentfulStatusCode);
    }
  }

  #checkKey(authorization: string | null, body: Fields): void {
    if ('auth_key' in body)
      this.violations.push('auth_key in the body: DeepL only accepts the Authorization header');
    if (authorization !== `DeepL-Auth-Key ${this.#options.authKey}`) {
      throw new Refusal(403, DEFAULT_MESSAGES[403] ?? 'Forbidden');
    }
  }

  #takeFault(): void {
    const fault = this.#faults.find((f) => f.remaining > 0);
    if (!fault) return;
    fault.remaining -= 1;
    this.#faults = this.#faults.filter((f) => f.remaining > 0);
    const message = fault.message ?? DEFAULT_MESSAGES[fault.status] ?? `HTTP ${fault.status}`;
    throw new Refusal(fault.status, message, fault.retryAfterSeconds);
  }

  #translate(body: Fields): unknown {
    for (const field of Object.keys(body)) {
      if (!KNOWN_FIELDS.has(field)) this.violations.push(`unknown parameter ${field}`);
    }
    const texts = Array.isArray(body.text) ? body.text : body.text === undefined ? [] : [body.text];
    if (texts.length === 0) throw new Refusal(400, "Parameter 'text' not specified.");
    if (!texts.every((text) => typeof text === 'string'))
      throw new Refusal(400, "Parameter 'text' is invalid.");
    const target = typeof body.target_lang === 'string' ? body.target_lang.toUpperCase() : '';
    if (!(target in TARGET_LANGUAGES)) throw new Refusal(400, "Value for 'target_lang' not supported.");
    const source = typeof body.source_lang === 'string' ? body.source_lang.toUpperCase() : undefined;
    if (source !== undefined && !(source in SOURCE_LANGUAGES)) {
      throw new Refusal(400, "Value for 'source_lang' not supported.");
    }
    if (['EN', 'PT', 'ZH'].includes(target)) {
      this.violations.push(
        `target_lang ${target} is deprecated: DeepL asks for a variant (e.g. EN-GB, PT-BR, ZH-HANS)`,
      );
    }

    const characters = texts.reduce((sum: number, text) => sum + (text as string).length, 0);
    const limit = this.#options.characterLimit;
    if (limit !== undefined && this.characterCount + characters > limit)
      throw new Refusal(456, 'Quota exceeded');
    this.characterCount += characters;

    const from = source ?? this.detectAs;
    return {
      translations: texts.map((text) => {
        const fake = `[${from.toLowerCase()}→${target.toLowerCase()}] ${text as string}`;
        return { detected_source_language: from, text: this.rewrite ? this.rewrite(fake) : fake };
      }),
    };
  }
}

/** DeepL takes JSON or form fields; a repeated form field (text=…&text=…) is a list. */
async function readFields(request: Request): Promise<Fields> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => undefined)) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
    return body as Fields;
  }
  const form = await request.formData().catch(() => undefined);
  if (!form) return {};
  const fields: Fields = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    fields[key] = key === 'text' || values.length > 1 ? values : values[0];
  }
  return fields;
}

/** Waits `ms`, or less if the client goes away. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
