import { TranslationError, type TranslationErrorKind } from '../core/translation.js';

/**
 * One HTTP exchange with a translation provider, over plain fetch so it runs on Node and on Workers. The
 * whole exchange (connect, send, read the answer) shares one timeout. Failures become TranslationErrors
 * whose reasons name the provider and the status, never the text or the provider's own error body (which
 * may quote it).
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** `fetch` called through the global each time: a detached reference fails on Workers ("Illegal invocation"). */
export const globalFetch: FetchLike = (input, init) => fetch(input, init);

export interface ProviderAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
}

export interface Exchange {
  provider: string;
  /** How caseworkers know the provider, e.g. "DeepL". */
  displayName: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  fetch: FetchLike;
}

export async function exchange(call: Exchange): Promise<ProviderAnswer> {
  try {
    const response = await call.fetch(call.url, {
      ...call.init,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text) };
  } catch (error) {
    if (isTimeout(error)) {
      throw new TranslationError(
        'timeout',
        `${call.displayName} did not answer within ${formatDuration(call.timeoutMs)}.`,
        { provider: call.provider },
      );
    }
    throw new TranslationError('unavailable', `Haven could not reach ${call.displayName}.`, {
      provider: call.provider,
    });
  }
}

/** A provider's failure; status and Retry-After come from its answer, when there was one. */
export function providerError(
  provider: string,
  kind: TranslationErrorKind,
  reason: string,
  answer?: ProviderAnswer,
): TranslationError {
  const wait = answer ? retryAfterMs(answer.headers) : undefined;
  return new TranslationError(kind, reason, {
    provider,
    ...(answer ? { status: answer.status } : {}),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The provider's error message, for classifying the error; never shown or logged, as it may quote text. */
export function errorMessageOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const message = record.error ?? record.message;
  return typeof message === 'string' ? message : '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function trimTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  // AbortSignal.timeout() aborts with a DOMException named TimeoutError; fetch rejects with that reason.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
