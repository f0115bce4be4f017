import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNodeCipher, sandboxKeyPath } from '../../src/runtime/node/sandbox-key.js';
import type { EncryptionConfig } from '../../src/storage/encryption-config.js';

describe('the sandbox key file', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'haven-key-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const sandbox: EncryptionConfig = { current: 'sandbox-file', old: [] };

  it('is created once beside the database, readable by its owner only, and reused on the next start', async () => {
    const databasePath = join(directory, 'data', 'haven.sqlite');
    const first = await openNodeCipher(sandbox, databasePath);
    const keyFile = join(directory, 'data', 'haven.key');
    expect(sandboxKeyPath(databasePath)).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(directory, 'data'))).toEqual(['haven.key']);

    const sealed = await first.encrypt('written before a restart');
    const second = await openNodeCipher(sandbox, databasePath);
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(await second.decrypt(sealed)).toBe('written before a restart');
  });

  it('is not used when a key is configured, nor written for an in-memory database', async () => {
    const configured = { current: { id: 'k1', key: new Uint8Array(32).fill(3) }, old: [] };
    expect((await openNodeCipher(configured, join(directory, 'haven.sqlite'))).currentKeyId).toBe('k1');
    await openNodeCipher(sandbox, ':memory:');
    expect(existsSync(join(directory, 'haven.key'))).toBe(false);
    expect(existsSync('haven.key')).toBe(false);
  });

  it('stops Haven with a clear message when the file is damaged, rather than making a new key', async () => {
    writeFileSync(join(directory, 'haven.key'), 'not a key\n');
    await expect(openNodeCipher(sandbox, join(directory, 'haven.sqlite'))).rejects.toThrow(
      /haven\.key is not a Haven key \(32 bytes in base64\)\. Restore it from a backup/,
    );
  });
});
