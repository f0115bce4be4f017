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
import { DEEPL_CODES, havenLanguageOf, languageName } from './languages.js';

/**
 * DeepL's text translation API: `POST {apiUrl}/v2/translate` with `Authorization: DeepL-Auth-Key …` and
 * JSON `{ text: [...], target_lang, source_lang? }`, answered with
 * `{ translations: [{ detected_source_language, text }] }` (https://developers.deepl.com/api-reference/translate).
 */

export const DEEPL_FREE_API_URL = 'https://api-free.deepl.com';
export const DEEPL_PRO_API_URL = 'https://api.deepl.com';

/** Free API keys end in ":fx" and only work on the Free endpoint. */
export function deeplApiUrlFor(apiKey: string): string {
  return apiKey.endsWith(':fx') ? DEEPL_FREE_API_URL : DEEPL_PRO_API_URL;
}

export interface DeepLOptions {
  apiKey: string;
  /** Defaults to the Free or Pro endpoint, as the key says. */
  apiUrl?: string | undefined;
  timeoutMs: number;
  fetch?: FetchLike;
}

const PROVIDER = 'deepl';
const NAME = 'DeepL';

const fail = (kind: TranslationErrorKind, reason: string, answer?: ProviderAnswer): TranslationError =>
  providerError(PROVIDER, kind, reason, answer);

export function createDeepLTranslator(options: DeepLOptions): Translator {
  const endpoint = `${trimTrailingSlashes(options.apiUrl ?? deeplApiUrlFor(options.apiKey))}/v2/translate`;
  const fetch = options.fetch ?? globalFetch;

  return {
    provider: PROVIDER,
    async translate(request: TranslationRequest): Promise<Translation> {
      if (request.from === request.to) return { text: request.text };
      const target = codesFor(request.to).target;
      const source = request.from === undefined ? undefined : codesFor(request.from).source;

      const answer = await exchange({
        provider: PROVIDER,
        displayName: NAME,
        url: endpoint,
        timeoutMs: options.timeoutMs,
        fetch,
        init: {
          method: 'POST',
          headers: {
            authorization: `DeepL-Auth-Key ${options.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            text: [request.text],
            target_lang: target,
            ...(source ? { source_lang: source } : {}),
          }),
        },
      });
      if (answer.status !== 200) throw failure(answer, request);
      return translationOf(answer);
    },
  };
}

function codesFor(language: string): { source: string; target: string } {
  const codes = DEEPL_CODES[language];
  if (!codes) throw fail('unsupported-language', `${NAME} does not translate ${languageName(language)}.`);
  return codes;
}

function translationOf(answer: ProviderAnswer): Translation {
  const first =
    isRecord(answer.body) && Array.isArray(answer.body.translations)
      ? answer.body.translations[0]
      : undefined;
  if (!isRecord(first) || typeof first.text !== 'string') {
    throw fail('unavailable', `${NAME} answered in an unexpected format.`, answer);
  }
  const detected = first.detected_source_language;
  return typeof detected === 'string' && detected !== ''
    ? { text: first.text, detectedSource: havenLanguageOf(detected) }
    : { text: first.text };
}

/**
 * DeepL's documented statuses: 400 bad request (e.g. "Value for 'target_lang' not supported."), 403 key
 * refused (also a Free key sent to the Pro endpoint or the reverse), 404, 413 request too large, 429 too
 * many requests, 456 quota exceeded, 5xx temporary errors, 529 too many requests.
 */
function failure(answer: ProviderAnswer, request: TranslationRequest): TranslationError {
  const { status } = answer;
  const message = errorMessageOf(answer.body).toLowerCase();
  if (status === 400 && message.includes('lang')) {
    const pair = `${request.from ? languageName(request.from) : 'this language'} to ${languageName(request.to)}`;
    return fail('unsupported-language', `${NAME} refused to translate ${pair} for this account.`, answer);
  }
  if (status === 401 || status === 403) {
    return fail(
      'auth',
      `${NAME} refused the API key (HTTP ${status}): check DEEPL_API_KEY, and that Free keys (ending in :fx) use api-free.deepl.com.`,
      answer,
    );
  }
  if (status === 456) {
    return fail(
      'quota',
      `The ${NAME} character quota is used up; translation resumes when it is renewed or raised.`,
      answer,
    );
  }
  if (status === 429 || status === 529) {
    return fail('rate-limited', `${NAME} asked Haven to slow down (HTTP ${status}).`, answer);
  }
  if (status === 413 || status === 414) {
    return fail('rejected', `The message is longer than ${NAME} accepts.`, answer);
  }
  if (status >= 500) return fail('unavailable', `${NAME} is unavailable (HTTP ${status}).`, answer);
  if (status === 404) {
    return fail('rejected', `No ${NAME} API at DEEPL_API_URL (HTTP 404): check the URL.`, answer);
  }
  return fail('rejected', `${NAME} refused the request (HTTP ${status}).`, answer);
}
