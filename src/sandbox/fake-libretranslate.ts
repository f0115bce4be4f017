import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A local stand-in for a LibreTranslate server (https://libretranslate.com/docs), served as a Hono app so
 * Haven's real client can be pointed at it. It "translates" deterministically: `Bună` from Romanian to
 * English comes back as `[ro→en] Bună`, so a test sees what was translated and into what. It answers the
 * way LibreTranslate's own code does (libretranslate/app.py): the same error messages and statuses for a
 * missing parameter, a language without a model, a text over --char-limit, a missing or wrong API key.
 * It can be told to fail, to stall and to rewrite its output, and records every call.
 *
 * Runtime-agnostic (no node:* imports): it also runs inside Haven's sandbox mode.
 */

export interface FakeLibreTranslateOptions {
  /** Languages the server has models for, as `/languages` lists them. Default: every Argos language. */
  languages?: string[];
  /** As with --api-keys and --req-limit 0: every call needs one of these keys. */
  apiKeys?: string[];
  /** As --char-limit. */
  charLimit?: number;
}

export interface LibreTranslateCall {
  path: string;
  /** The request as the server read it (JSON or form fields). */
  body: Record<string, unknown>;
  status: number;
  at: number;
}

export interface LibreTranslateFailure {
  status: number;
  /** The `error` field of the answer; defaults to what LibreTranslate says for that status. */
  error?: string;
  retryAfterSeconds?: number;
}

/** Argos Translate's languages, in LibreTranslate's ISO spelling (model codes pb/zh/zt are aliased). */
const ARGOS_LANGUAGES: Record<string, string> = {
  ar: 'Arabic',
  az: 'Azerbaijani',
  bg: 'Bulgarian',
  bn: 'Bengali',
  ca: 'Catalan',
  cs: 'Czech',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  eo: 'Esperanto',
  es: 'Spanish',
  et: 'Estonian',
  eu: 'Basque',
  fa: 'Persian',
  fi: 'Finnish',
  fr: 'French',
  ga: 'Irish',
  gl: 'Galician',
  he: 'Hebrew',
  hi: 'Hindi',
  hu: 'Hungarian',
  id: 'Indonesian',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  ky: 'Kyrgyz',
  lt: 'Lithuanian',
  lv: 'Latvian',
  ms: 'Malay',
  nb: 'Norwegian',
  nl: 'Dutch',
  pl: 'Polish',
  pt: 'Portuguese',
  'pt-BR': 'Portuguese (Brazil)',
  ro: 'Romanian',
  ru: 'Russian',
  sk: 'Slovak',
  sl: 'Slovenian',
  sq: 'Albanian',
  sv: 'Swedish',
  th: 'Thai',
  tl: 'Tagalog',
  tr: 'Turkish',
  uk: 'Ukrainian',
  ur: 'Urdu',
  vi: 'Vietnamese',
  'zh-Hans': 'Chinese',
  'zh-Hant': 'Chinese (traditional)',
};

/** LibreTranslate's aliases between Argos model codes and ISO tags (libretranslate/language.py). */
const MODEL_TO_ISO: Record<string, string> = { pb: 'pt-br', zh: 'zh-hans', zt: 'zh-hant' };

const DEFAULT_ERRORS: Record<number, string> = {
  403: 'Invalid API key',
  429: 'Slowdown: 80 per 1 minute',
  500: 'Cannot translate text: the model failed',
};

type Fields = Record<string, unknown>;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(error);
  }
}

export class FakeLibreTranslate {
  readonly app: Hono;
  readonly calls: LibreTranslateCall[] = [];
  /** What auto-detection reports (an ISO code the server has); the fake does not really detect. */
  detectAs = 'en';
  /** Milliseconds to wait before answering, e.g. to make a client time out. */
  delayMs = 0;
  /** Changes every translation after it is made, e.g. to act like a model that reformats numbers. */
  rewrite: ((translated: string) => string) | undefined;

  readonly #options: FakeLibreTranslateOptions;
  #languages: Map<string, string>;
  #faults: Array<LibreTranslateFailure & { remaining: number }> = [];

  constructor(options: FakeLibreTranslateOptions = {}) {
    this.#options = options;
    this.#languages = languageTable(options.languages);
    this.app = this.#routes();
  }

  /** The next `count` translate calls fail with `failure`. */
  failNext(failure: LibreTranslateFailure, count = 1): void {
    this.#faults.push({ ...failure, remaining: count });
  }

  /** Only the translate calls, with what they asked for. */
  get translateCalls(): LibreTranslateCall[] {
    return this.calls.filter((call) => call.path === '/translate');
  }

  reset(): void {
    this.calls.length = 0;
    this.#faults = [];
    this.detectAs = 'en';
    this.delayMs = 0;
    this.rewrite = undefined;
    this.#languages = languageTable(this.#options.languages);
  }

  #routes(): Hono {
    const app = new Hono();
    app.get('/languages', (c) =>
      c.json(
        [...this.#languages].map(([code, name]) => ({
          code,
          name,
          targets: [...this.#languages.keys()].filter((target) => target !== code),
        })),
      ),
    );
    app.post('/translate', (c) => this.#serve(c, '/translate', (body) => this.#translate(body)));
    app.post('/detect', (c) =>
      this.#serve(c, '/detect', (body) => {
        if (!body.q) throw new Refusal(400, 'Invalid request: missing q parameter');
        return [{ confidence: 90, language: this.detectAs }];
      }),
    );
    app.notFound((c) => c.json({ error: 'Not Found' }, 404));
    return app;
  }

  async #serve(c: Context, path: string, handle: (body: Fields) => unknown): Promise<Response> {
    const body = await readFields(c.req.raw);
    const call: LibreTranslateCall = { path, body, status: 200, at: Date.now() };
    this.calls.push(call);
    await pause(this.delayMs, c.req.raw.signal);
    try {
      this.#checkKey(body);
      this.#takeFault();
      return c.json(handle(body) as object);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      call.status = error.status;
      if (error.retryAfterSeconds !== undefined) c.header('retry-after', String(error.retryAfterSeconds));
      return c.json({ error: error.error }, error.status as ContentfulStatusCode);
    }
  }

  #checkKey(body: Fields): void {
    const keys = this.#options.apiKeys;
    if (!keys) return;
    const key = typeof body.api_key === 'string' ? body.api_key : '';
    if (key && !keys.includes(key)) throw new Refusal(403, 'Invalid API key');
    if (!key) throw new Refusal(400, 'Please contact the server operator to get an API key');
  }

  #takeFault(): void {
    const fault = this.#faults.find((f) => f.remaining > 0);
    if (!fault) return;
    fault.remaining -= 1;
    this.#faults = this.#faults.filter((f) => f.remaining > 0);
    const error = fault.error ?? DEFAULT_ERRORS[fault.status] ?? `HTTP ${fault.status}`;
    throw new Refusal(fault.status, error, fault.retryAfterSeconds);
  }

  #translate(body: Fields): unknown {
    const { q, source, target } = body;
    if (!q || (Array.isArray(q) && q.length === 0))
      throw new Refusal(400, 'Invalid request: missing q parameter');
    if (!source) throw new Refusal(400, 'Invalid request: missing source parameter');
    if (!target) throw new Refusal(400, 'Invalid request: missing target parameter');
    const texts = Array.isArray(q) ? q.map(String) : [String(q)];
    const limit = this.#options.charLimit;
    const chars = texts.reduce((sum, text) => sum + text.length, 0);
    if (limit !== undefined && chars > limit) {
      throw new Refusal(400, `Invalid request: request (${chars}) exceeds text limit (${limit})`);
    }
    const format = body.format ?? 'text';
    if (format !== 'text' && format !== 'html')
      throw new Refusal(400, `${String(format)} format is not supported`);

    const auto = source === 'auto';
    const from = auto ? this.#resolve(this.detectAs) : this.#resolve(String(source));
    const to = this.#resolve(String(target));
    const translated = texts.map((text) => {
      const fake = `[${from}→${to}] ${text}`;
      return this.rewrite ? this.rewrite(fake) : fake;
    });
    const detected = { confidence: 90, language: from };
    if (Array.isArray(q)) {
      return auto
        ? { translatedText: translated, detectedLanguage: texts.map(() => detected) }
        : { translatedText: translated };
    }
    return auto
      ? { translatedText: translated[0], detectedLanguage: detected }
      : { translatedText: translated[0] };
  }

  /** The installed language a code names, as LibreTranslate resolves it (aliases, pt-BR → pt fallback). */
  #resolve(code: string): string {
    const wanted = MODEL_TO_ISO[code.toLowerCase()] ?? code.toLowerCase();
    const installed = [...this.#languages.keys()];
    const exact = installed.find((language) => language.toLowerCase() === wanted);
    const base = wanted.split('-')[0];
    const fallback = wanted.includes('-') ? installed.find((language) => language === base) : undefined;
    const found = exact ?? fallback;
    if (!found) throw new Refusal(400, `${code} is not supported`);
    return found;
  }
}

function languageTable(codes: string[] | undefined): Map<string, string> {
  const all = Object.entries(ARGOS_LANGUAGES);
  return new Map(codes ? all.filter(([code]) => codes.includes(code)) : all);
}

/** LibreTranslate takes JSON or form fields alike. */
async function readFields(request: Request): Promise<Fields> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => undefined)) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
    return body as Fields;
  }
  const form = await request.formData().catch(() => undefined);
  return form ? Object.fromEntries(form) : {};
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
