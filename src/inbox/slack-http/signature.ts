/**
 * Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack), on Web Crypto so
 * it runs on Workers and Node alike: `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256 of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}` under the app's signing secret.
 */

/** Slack's own advice: refuse requests whose timestamp is more than five minutes away (replays). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
}

/**
 * True only for a request signed with `signingSecret` within five minutes of `nowSeconds`. The signing
 * key is imported once per secret and the comparison takes the same time wherever the bytes differ.
 */
export async function isAuthenticSlackRequest(
  request: SignedRequest,
  signingSecret: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const expected = SIGNATURE.exec(request.signature?.trim().toLowerCase() ?? '')?.[1];
  if (!expected || !request.timestamp || !/^\d{1,12}$/.test(request.timestamp)) return false;
  if (Math.abs(nowSeconds - Number(request.timestamp)) > MAX_CLOCK_SKEW_SECONDS) return false;
  const key = await signingKey(signingSecret);
  const base = new TextEncoder().encode(`v0:${request.timestamp}:${request.rawBody}`);
  const actual = new Uint8Array(await crypto.subtle.sign('HMAC', key, base));
  return constantTimeEqual(actual, hexBytes(expected));
}

/** Imported keys by secret. Holds resolved keys only: a pending promise must not cross Workers requests. */
const keys = new Map<string, CryptoKey>();

async function signingKey(secret: string): Promise<CryptoKey> {
  const cached = keys.get(secret);
  if (cached) return cached;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  keys.set(secret, key);
  return key;
}

/** Compares every byte whatever the first difference, so timing reveals nothing about the signature. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
