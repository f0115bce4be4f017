/**
 * Callback data of flow buttons: `f1:<nonce>:<choice>`. The nonce is fresh for every question shown, so a
 * tap on an older message is recognised as stale. Telegram allows at most 64 bytes of callback data.
 */

export const CALLBACK_PREFIX = 'f1';
export const MAX_CALLBACK_BYTES = 64;
/** A nonce is 4 to 8 characters of [a-z0-9]. */
export const NONCE_PATTERN = /^[a-z0-9]{4,8}$/;
export const NONCE_MAX_LENGTH = 8;

/** The choices every question may offer besides its own options. They cannot clash: option ids never start with "_". */
export const SKIP_CHOICE = '_skip';
export const STOP_CHOICE = '_stop';

/** Labels of the buttons the engine adds itself. */
export const SKIP_LABEL = 'flow-common:skip';
export const STOP_LABEL = 'flow-common:stop';

const CHOICE_PATTERN = /^(_skip|_stop|[a-z][a-z0-9_]*)$/;
const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export function encodeButton(nonce: string, choice: string): string {
  return `${CALLBACK_PREFIX}:${nonce}:${choice}`;
}

/** The nonce and choice of callback data, or undefined when it is not a flow button. */
export function decodeButton(data: string): { nonce: string; choice: string } | undefined {
  if (typeof data !== 'string' || byteLength(data) > MAX_CALLBACK_BYTES) return undefined;
  const parts = data.split(':');
  if (parts.length !== 3) return undefined;
  const [prefix, nonce, choice] = parts as [string, string, string];
  if (prefix !== CALLBACK_PREFIX || !NONCE_PATTERN.test(nonce) || !CHOICE_PATTERN.test(choice))
    return undefined;
  return { nonce, choice };
}

/** The longest callback data an option id can produce. */
export function worstCaseCallbackBytes(choice: string): number {
  return byteLength(encodeButton('x'.repeat(NONCE_MAX_LENGTH), choice));
}

const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random 8-character nonce from the Web Crypto API (Node 20 and Workers both have it). */
export function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_MAX_LENGTH));
  let nonce = '';
  for (const byte of bytes) nonce += NONCE_ALPHABET[byte % NONCE_ALPHABET.length];
  return nonce;
}
