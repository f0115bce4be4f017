/**
 * Resume codes: a person who wipes the chat or changes phone can carry on their case from another Telegram
 * account with `/resume CODE`. A code is 12 characters, "ABCD-EFGH-JKLM": the first four find the code
 * (the selector), the other eight prove it (the secret, 40 bits). Only a salted PBKDF2 hash of the secret
 * is stored, and failed attempts are limited, so a code cannot be guessed: at 5 tries an hour per chat and
 * 200 an hour for the whole installation, finding one live code takes on average far longer than a case
 * lives (see test/core/resume-code.test.ts for the figures).
 *
 * Web Crypto only, so this runs on Node and Workers (where PBKDF2 allows at most 100,000 iterations).
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SELECTOR_LENGTH = 4;
const SECRET_LENGTH = 8;
const ITERATIONS = 100_000;

export interface IssuedCode {
  /** What the person is shown: "ABCD-EFGH-JKLM". */
  code: string;
  selector: string;
  salt: string;
  hash: string;
}

export async function issueResumeCode(): Promise<IssuedCode> {
  const raw = randomCharacters(SELECTOR_LENGTH + SECRET_LENGTH);
  const selector = raw.slice(0, SELECTOR_LENGTH);
  const secret = raw.slice(SELECTOR_LENGTH);
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  return {
    code: `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`,
    selector,
    salt,
    hash: await hashSecret(secret, salt),
  };
}

/**
 * The selector and secret of what a person typed, forgiving what people do to codes: spaces, dashes, lower
 * case, the letters O, I and L for 0, 1 and 1, and the invisible direction marks copied out of a
 * right-to-left message. Undefined when it cannot be a code.
 */
export function parseResumeCode(typed: string): { selector: string; secret: string } | undefined {
  const cleaned = typed
    .replace(/[\u2066-\u2069\u200e\u200f\u202a-\u202e\s-]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== SELECTOR_LENGTH + SECRET_LENGTH) return undefined;
  if ([...cleaned].some((character) => !ALPHABET.includes(character))) return undefined;
  return { selector: cleaned.slice(0, SELECTOR_LENGTH), secret: cleaned.slice(SELECTOR_LENGTH) };
}

export async function verifyResumeSecret(secret: string, salt: string, hash: string): Promise<boolean> {
  const candidate = await hashSecret(secret, salt);
  // Constant time over the whole hash: how much of a guess was right must not show in the timing.
  let difference = candidate.length ^ hash.length;
  for (let index = 0; index < Math.min(candidate.length, hash.length); index++) {
    difference |= candidate.charCodeAt(index) ^ hash.charCodeAt(index);
  }
  return difference === 0;
}

async function hashSecret(secret: string, salt: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: ITERATIONS },
    key,
    256,
  );
  return toHex(new Uint8Array(bits));
}

function randomCharacters(length: number): string {
  // 32 divides 256, so taking each byte modulo 32 is uniform.
  return [...crypto.getRandomValues(new Uint8Array(length))].map((byte) => ALPHABET[byte % 32]).join('');
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Failed attempts allowed per chat, and for the whole installation, per hour. */
export const RESUME_LIMITS = { perChatPerHour: 5, globalPerHour: 200, windowMs: 60 * 60 * 1000 } as const;

/** How many selector+secret combinations exist: the guessing space of one code. */
export const RESUME_CODE_SPACE = 32 ** (SELECTOR_LENGTH + SECRET_LENGTH);
