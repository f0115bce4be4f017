import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeBase64 } from '../../src/storage/base64.js';
import { encryptionEnv, readEncryptionConfig } from '../../src/storage/encryption-config.js';

const KEY_BYTES = new Uint8Array(32).map((_, index) => index);
const KEY = encodeBase64(KEY_BYTES); // what `openssl rand -base64 32` prints
const OTHER = encodeBase64(new Uint8Array(32).fill(9));

const schema = z.object(encryptionEnv);
const parse = (env: Record<string, string>) => schema.parse(env);
const issues = (env: Record<string, string>) => {
  const result = schema.safeParse(env);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
};

describe('the encryption variables', () => {
  it('take a key as printed by openssl, with or without an id, and earlier keys as a list', () => {
    const vars = parse({
      HAVEN_ENCRYPTION_KEY: ` 2026:${KEY} `,
      HAVEN_ENCRYPTION_OLD_KEYS: `2025:${OTHER}, ${OTHER.replace(/=+$/, '')}`,
    });
    expect(vars.HAVEN_ENCRYPTION_KEY).toEqual({ id: '2026', key: KEY_BYTES });
    expect(vars.HAVEN_ENCRYPTION_OLD_KEYS?.map((old) => old.id)).toEqual(['2025', undefined]);
    expect(parse({ HAVEN_ENCRYPTION_KEY: KEY }).HAVEN_ENCRYPTION_KEY).toEqual({ key: KEY_BYTES });
  });

  it('reject anything that is not 32 bytes of base64, saying how to make a key and never echoing the value', () => {
    for (const bad of [encodeBase64(new Uint8Array(16)), 'correct horse battery staple', `bad.id:${KEY}`]) {
      const problems = issues({ HAVEN_ENCRYPTION_KEY: bad });
      expect(problems).toEqual([expect.stringMatching(/^HAVEN_ENCRYPTION_KEY: must be 32 random bytes/)]);
      expect(problems[0]).toContain('openssl rand -base64 32');
      expect(problems[0]).not.toContain(bad);
    }
    expect(issues({ HAVEN_ENCRYPTION_OLD_KEYS: `a:${KEY},b:short` })).toEqual([
      expect.stringMatching(/^HAVEN_ENCRYPTION_OLD_KEYS: key number 2 must be 32 random bytes/),
    ]);
  });
});

describe('readEncryptionConfig', () => {
  it('refuses a live installation without a key, naming the variable and how to make one', () => {
    expect(readEncryptionConfig({}, 'live')).toEqual({
      problem: expect.stringMatching(/^HAVEN_ENCRYPTION_KEY is missing: .*`openssl rand -base64 32`/),
    });
  });

  it('lets the sandbox keep its own key file, and uses a configured key in either mode', () => {
    const old = [{ id: 'old', key: new Uint8Array(32) }];
    expect(readEncryptionConfig({ HAVEN_ENCRYPTION_OLD_KEYS: old }, 'sandbox')).toEqual({
      current: 'sandbox-file',
      old,
    });
    const current = { key: KEY_BYTES };
    expect(readEncryptionConfig({ HAVEN_ENCRYPTION_KEY: current }, 'live')).toEqual({ current, old: [] });
    expect(readEncryptionConfig({ HAVEN_ENCRYPTION_KEY: current }, 'sandbox')).toEqual({ current, old: [] });
  });
});
