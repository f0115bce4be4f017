import { z } from 'zod';
import { decodeBase64 } from './base64.js';
import { Cipher, KEY_BYTES, KEY_ID, type KeyMaterial } from './cipher.js';

/**
 * The environment contract of encryption at rest, as a fragment src/config.ts merges into its own schema.
 * Pure (no `process`, no file system): the Workers runtime reads it too.
 */

export const MAKE_KEY = 'openssl rand -base64 32';

export const ENCRYPTION_HELP: Record<string, string> = {
  HAVEN_ENCRYPTION_KEY: `the key that encrypts messages, answers and chat ids in the database: 32 random bytes in base64, made with \`${MAKE_KEY}\` (optionally named, as id:base64); keep a copy apart from the database backups, because without it they cannot be read`,
  HAVEN_ENCRYPTION_OLD_KEYS:
    'optional comma-separated earlier keys (id:base64, or base64) that still read rows sealed before HAVEN_ENCRYPTION_KEY changed; run `npm run reencrypt`, then remove them',
};

/** Where the key new values are sealed with comes from. */
export interface EncryptionConfig {
  /** A configured key, or (sandbox mode only) a key Haven generates once into a file beside the database. */
  current: KeyMaterial | 'sandbox-file';
  old: KeyMaterial[];
}

const KEY_FORMAT = `must be 32 random bytes in base64 (\`${MAKE_KEY}\`), optionally prefixed with an id of 1-32 characters A-Z a-z 0-9 _ - and a colon`;

/** `id:base64` or `base64` to key material; never echoes the value in a message. */
function parseKey(text: string): KeyMaterial | undefined {
  const colon = text.indexOf(':');
  const id = colon >= 0 ? text.slice(0, colon).trim() : undefined;
  const key = decodeBase64(text.slice(colon + 1).trim());
  if (id !== undefined && !KEY_ID.test(id)) return undefined;
  if (!key || key.length !== KEY_BYTES) return undefined;
  return id === undefined ? { key } : { id, key };
}

const keyText = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parsed = parseKey(value);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: KEY_FORMAT });
      return z.NEVER;
    }
    return parsed;
  });

const keyListText = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys: KeyMaterial[] = [];
    for (const [position, item] of value.split(',').entries()) {
      if (item.trim() === '') continue;
      const parsed = parseKey(item);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: `key number ${position + 1} ${KEY_FORMAT}` });
        return z.NEVER;
      }
      keys.push(parsed);
    }
    return keys;
  });

/** The variables, to spread into the environment schema of src/config.ts. */
export const encryptionEnv = {
  HAVEN_ENCRYPTION_KEY: keyText.optional(),
  HAVEN_ENCRYPTION_OLD_KEYS: keyListText.optional(),
};

export type EncryptionVariables = {
  [Name in keyof typeof encryptionEnv]?: z.infer<(typeof encryptionEnv)[Name]>;
};

/**
 * Encryption settings for a mode, or the problem that stops Haven from starting: a live installation
 * without a key would write what people confide in the clear, so it refuses; the sandbox makes its own.
 */
export function readEncryptionConfig(vars: EncryptionVariables, mode: 'sandbox'): EncryptionConfig;
export function readEncryptionConfig(
  vars: EncryptionVariables,
  mode: 'live',
): EncryptionConfig | { problem: string };
export function readEncryptionConfig(
  vars: EncryptionVariables,
  mode: 'sandbox' | 'live',
): EncryptionConfig | { problem: string } {
  const old = vars.HAVEN_ENCRYPTION_OLD_KEYS ?? [];
  if (vars.HAVEN_ENCRYPTION_KEY) return { current: vars.HAVEN_ENCRYPTION_KEY, old };
  if (mode === 'sandbox') return { current: 'sandbox-file', old };
  return {
    problem: `HAVEN_ENCRYPTION_KEY is missing: ${ENCRYPTION_HELP.HAVEN_ENCRYPTION_KEY}`,
  };
}

/**
 * The Cipher for configured keys, where there is no file system for a sandbox key (Workers). The Node
 * runtime uses openNodeCipher (src/runtime/node/sandbox-key.ts), which also handles the sandbox's file.
 */
export function cipherFromConfig(encryption: EncryptionConfig): Promise<Cipher> {
  const { current, old } = encryption;
  if (current === 'sandbox-file') {
    return Promise.reject(new Error('this runtime has no sandbox key file: set HAVEN_ENCRYPTION_KEY'));
  }
  return Cipher.create({ current, old });
}
