import type {
  Translation,
  TranslationError,
  TranslationErrorKind,
  TranslationRequest,
  Translator,
} from '../core/translation.js';
import {
  errorMessageOf,
  exchange,
  type FetchLike,
  globalFetch,
  isRecord,
  type ProviderAnswer,
  providerError,
  trimTrailingSlashes,
} from './http.js';
import { havenLanguageOf, LIBRETRANSLATE_CODES, languageName } from './languages.js';

/**
 * LibreTranslate: open-source machine translation that an NGO can run on its own server, so what people
 * write never leaves infrastructure it controls. API: `POST {url}/translate` with JSON
 * `{ q, source, target, format, api_key? }`, answered with `{ translatedText, detectedLanguage? }`
 * (https://libretranslate.com/docs).
 */

export interface LibreTranslateOptions {
  /** Base URL of the server, including any --url-prefix, e.g. http://127.0.0.1:5000. */
  url: string;
  /** Only for servers started with --api-keys. */
  apiKey?: string | undefined;
  timeoutMs: number;
  fetch?: FetchLike;
}

const PROVIDER = 'libretranslate';
const NAME = 'LibreTranslate';

const fail = (kind: TranslationErrorKind, reason: string, answer?: ProviderAnswer): TranslationError =>
  providerError(PROVIDER, kind, reason, answer);

export function createLibreTranslateTranslator(options: LibreTranslateOptions): Translator {
  const endpoint = `${trimTrailingSlashes(options.url)}/translate`;
  const fetch = options.fetch ?? globalFetch;

  return {
    provider: PROVIDER,
    async translate(request: TranslationRequest): Promise<Translation> {
      if (request.from === request.to) return { text: request.text };
      const target = codeFor(request.to);
      const source = request.from === undefined ? 'auto' : codeFor(request.from);

      const answer = await exchange({
        provider: PROVIDER,
        displayName: NAME,
        url: endpoint,
        timeoutMs: options.timeoutMs,
        fetch,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            q: request.text,
            source,
            target,
            format: 'text',
            ...(options.apiKey ? { api_key: options.apiKey } : {}),
          }),
        },
      });
      if (answer.status !== 200) throw failure(answer, request);
      return translationOf(answer);
    },
  };
}

function codeFor(language: string): string {
  const code = LIBRETRANSLATE_CODES[language];
  if (!code) throw fail('unsupported-language', `${NAME} does not translate ${languageName(language)}.`);
  return code;
}

function translationOf(answer: ProviderAnswer): Translation {
  const body = answer.body;
  if (!isRecord(body) || typeof body.translatedText !== 'string') {
    throw fail('unavailable', `${NAME} answered in an unexpected format.`, answer);
  }
  const detected = isRecord(body.detectedLanguage) ? body.detectedLanguage.language : undefined;
  return typeof detected === 'string'
    ? { text: body.translatedText, detectedSource: havenLanguageOf(detected) }
    : { text: body.translatedText };
}

/**
 * LibreTranslate answers 400 for bad requests (unsupported language, text over --char-limit, a missing API
 * key), 403 for an invalid key or a client banned for flooding, 429 over --req-limit, 500 when the model
 * fails (libretranslate/app.py).
 */
function failure(answer: ProviderAnswer, request: TranslationRequest): TranslationError {
  const { status } = answer;
  const message = errorMessageOf(answer.body).toLowerCase();
  if (status === 400 && (message.includes('not supported') || message.includes('not available'))) {
    const pair = `${request.from ? languageName(request.from) : 'this language'} to ${languageName(request.to)}`;
    return fail('unsupported-language', `The ${NAME} server cannot translate ${pair}.`, answer);
  }
  if (status === 400 && message.includes('limit')) {
    return fail('rejected', `The message is longer than the ${NAME} server accepts.`, answer);
  }
  if ((status === 400 && message.includes('api key')) || status === 401 || status === 403) {
    if (message.includes('too many')) {
      return fail(
        'rate-limited',
        `The ${NAME} server has blocked Haven for sending too many requests.`,
        answer,
      );
    }
    return fail(
      'auth',
      `The ${NAME} server refused Haven's API key (HTTP ${status}): check LIBRETRANSLATE_API_KEY.`,
      answer,
    );
  }
  if (status === 429) {
    return fail('rate-limited', `The ${NAME} server asked Haven to slow down (HTTP 429).`, answer);
  }
  if (status >= 500) return fail('unavailable', `The ${NAME} server failed (HTTP ${status}).`, answer);
  if (status === 404) {
    return fail('rejected', `No ${NAME} API at LIBRETRANSLATE_URL (HTTP 404): check the URL.`, answer);
  }
  return fail('rejected', `The ${NAME} server refused the request (HTTP ${status}).`, answer);
}
