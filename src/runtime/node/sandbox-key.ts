import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeBase64, encodeBase64 } from '../../storage/base64.js';
import { Cipher, KEY_BYTES } from '../../storage/cipher.js';
import type { EncryptionConfig } from '../../storage/encryption-config.js';
import { nodeCipherEngine } from './cipher-engine.js';

/** The sandbox's key file: beside the database, so a copied data folder stays readable in the sandbox. */
export function sandboxKeyPath(databasePath: string): string {
  return join(dirname(databasePath), 'haven.key');
}

/**
 * The Cipher for the Node runtime: the configured keys, or in sandbox mode a key generated once into
 * `haven.key` beside the database (mode 0600) and reused on every start. An in-memory database gets a
 * key that lives as long as the process, like the data.
 */
export async function openNodeCipher(encryption: EncryptionConfig, databasePath: string): Promise<Cipher> {
  if (encryption.current !== 'sandbox-file') {
    return Cipher.create({ current: encryption.current, old: encryption.old }, nodeCipherEngine);
  }
  const key =
    databasePath === ':memory:'
      ? new Uint8Array(randomBytes(KEY_BYTES))
      : loadOrCreateKeyFile(sandboxKeyPath(databasePath));
  return Cipher.create({ current: { key }, old: encryption.old }, nodeCipherEngine);
}

/** Reads the key file, or creates it with a new random key when there is none. */
export function loadOrCreateKeyFile(path: string): Uint8Array {
  try {
    return readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Written whole under a temporary name and then linked into place: a second process starting at the
  // same moment either links first (and this one reads its key) or finds a complete file.
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${encodeBase64(randomBytes(KEY_BYTES))}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKeyFile(path);
}

function readKeyFile(path: string): Uint8Array {
  const key = decodeBase64(readFileSync(path, 'utf8').trim());
  if (!key || key.length !== KEY_BYTES) {
    throw new Error(
      `${path} is not a Haven key (32 bytes in base64). Restore it from a backup; only if the database beside it may be lost, delete both and start again`,
    );
  }
  return key;
}
