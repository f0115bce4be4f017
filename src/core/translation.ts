/**
 * Machine translation, as the core sees it. Caseworkers read a translation beneath each message a person
 * writes, and a caseworker's reply is translated into the person's language before it is sent. Which
 * service does the work (none, a self-hosted LibreTranslate, DeepL) is configuration; the core only ever
 * sees this port. Plain TypeScript: no platform imports, so it runs on Node and on Workers alike.
 */

export interface TranslationRequest {
  /** What to translate. It never appears in an error or a log line. */
  text: string;
  /** Haven language code of `text` (e.g. "ro"); undefined lets the provider detect it. */
  from: string | undefined;
  /** Haven language code to translate into (e.g. "en"). */
  to: string;
}

export interface Translation {
  text: string;
  /** Haven language code the provider recognised, when it was asked to detect the language. */
  detectedSource?: string;
  /**
   * Links, e-mail addresses and phone numbers of the original that the provider changed. Their exact
   * originals were appended to `text`, so a person never receives only a garbled number; the inbox can
   * point this out to the caseworker.
   */
  altered?: string[];
}

export interface Translator {
  /** `none`, `libretranslate` or `deepl`: shown to caseworkers beside each translation. */
  readonly provider: string;
  translate(request: TranslationRequest): Promise<Translation>;
}

/**
 * Why a translation failed, in terms of what to do about it:
 * - `disabled`: no provider is configured.
 * - `unsupported-language`: the provider cannot translate this language (pair); no retry helps.
 * - `timeout`: no answer in time.
 * - `unavailable`: the provider could not be reached or failed (network, 5xx).
 * - `rate-limited`: too many requests for now (HTTP 429).
 * - `quota`: the paid volume is used up (DeepL 456); nothing helps until it resets or is raised.
 * - `auth`: the provider refused Haven's credentials; the configuration needs fixing.
 * - `rejected`: the provider refused this request (too long, malformed); sending it again won't help.
 */
export type TranslationErrorKind =
  | 'disabled'
  | 'unsupported-language'
  | 'timeout'
  | 'unavailable'
  | 'rate-limited'
  | 'quota'
  | 'auth'
  | 'rejected';

const RETRYABLE: ReadonlySet<TranslationErrorKind> = new Set(['timeout', 'unavailable', 'rate-limited']);

/**
 * A failed translation. `reason` is one plain English sentence a caseworker can read ("DeepL does not
 * translate Tigrinya"); like every other field it never contains any of the text that was to be translated.
 */
export class TranslationError extends Error {
  /** Whether the same request may succeed later (outage, timeout, rate limit). */
  readonly retryable: boolean;
  readonly provider: string;
  /** The earliest the provider allows another try (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The provider's HTTP status, when there was one. */
  readonly status: number | undefined;

  constructor(
    readonly kind: TranslationErrorKind,
    readonly reason: string,
    details: { provider: string; retryAfterMs?: number; status?: number },
  ) {
    super(reason);
    this.name = 'TranslationError';
    this.retryable = RETRYABLE.has(kind);
    this.provider = details.provider;
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
  }
}

/** The default: machine translation switched off. Callers can skip it by checking `provider === 'none'`. */
export const noTranslator: Translator = {
  provider: 'none',
  translate: async () => {
    throw new TranslationError(
      'disabled',
      'Machine translation is switched off (TRANSLATION_PROVIDER=none).',
      {
        provider: 'none',
      },
    );
  },
};
