import { describe, expect, it } from 'vitest';
import { nodeCipherEngine } from '../../src/runtime/node/cipher-engine.js';
import { blindIndexKeyId, Cipher, DecryptionError, isSealed, sealedKeyId } from '../../src/storage/cipher.js';

const key = (fill: number) => new Uint8Array(32).fill(fill);
const cipherWith = (current: { id?: string; key: Uint8Array }, ...old: { id?: string; key: Uint8Array }[]) =>
  Cipher.create({ current, old });

/** The same sealed value with one character of its part `part` (2: iv, 3: ciphertext) changed. */
function alter(sealed: string, part: 2 | 3): string {
  const parts = sealed.split('.');
  const text = parts[part] ?? '';
  const flipped = text[5] === 'A' ? 'B' : 'A';
  parts[part] = `${text.slice(0, 5)}${flipped}${text.slice(6)}`;
  return parts.join('.');
}

describe('Cipher', () => {
  it('seals text into a self-describing value that opens to the same text, emoji and empty text included', async () => {
    const cipher = await cipherWith({ id: 'k1', key: key(1) });
    for (const plain of ['they took my passport', 'паспорт 护照 جواز 🙏', '', 'x'.repeat(100_000)]) {
      const sealed = await cipher.encrypt(plain);
      expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).not.toContain(plain.slice(0, 20) || '\u0000');
      expect(await cipher.decrypt(sealed)).toBe(plain);
    }
  });

  it('seals the same text differently every time (a fresh IV), so equal messages are not recognisable', async () => {
    const cipher = await cipherWith({ id: 'k1', key: key(1) });
    const [a, b] = await Promise.all([cipher.encrypt('help'), cipher.encrypt('help')]);
    expect(a).not.toBe(b);
  });

  it('refuses, naming the key id and nothing else, a value sealed under a key it does not have', async () => {
    const sealed = await (await cipherWith({ id: 'k1', key: key(1) })).encrypt('my secret');
    const stranger = await cipherWith({ id: 'k2', key: key(2) });
    const error = await stranger.decrypt(sealed).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecryptionError);
    expect((error as Error).message).toMatch(/"k1".*HAVEN_ENCRYPTION_OLD_KEYS/);
    expect((error as Error).message).not.toContain(sealed.split('.')[3]);
  });

  it('refuses a value when the key under its id is not the key it was sealed with', async () => {
    const sealed = await (await cipherWith({ id: 'k1', key: key(1) })).encrypt('my secret');
    const impostor = await cipherWith({ id: 'k1', key: key(9) });
    await expect(impostor.decrypt(sealed)).rejects.toThrow(
      /key "k1" could not be opened: the key is not the one it was sealed with, or the value was altered/,
    );
  });

  it('reads values sealed under an older key while sealing new ones under the current key', async () => {
    const before = await cipherWith({ id: 'old', key: key(1) });
    const sealedBefore = await before.encrypt('written last year');
    const rotated = await cipherWith({ id: 'new', key: key(2) }, { id: 'old', key: key(1) });
    expect(await rotated.decrypt(sealedBefore)).toBe('written last year');
    const sealedNow = await rotated.encrypt('written today');
    expect(sealedKeyId(sealedNow)).toBe('new');
    await expect(before.decrypt(sealedNow)).rejects.toThrow(DecryptionError);
  });

  it('detects any change to the IV, the ciphertext or the key id in the header', async () => {
    const cipher = await cipherWith({ id: 'k1', key: key(1) }, { id: 'k2', key: key(1) });
    const sealed = await cipher.encrypt('they took my passport');
    await expect(cipher.decrypt(alter(sealed, 2))).rejects.toThrow(DecryptionError);
    await expect(cipher.decrypt(alter(sealed, 3))).rejects.toThrow(DecryptionError);
    // k2 is the same key bytes: only the authenticated header stops the value from passing as k2's.
    await expect(cipher.decrypt(sealed.replace('v1.k1.', 'v1.k2.'))).rejects.toThrow(DecryptionError);
    await expect(cipher.decrypt(sealed.slice(0, -4))).rejects.toThrow(DecryptionError);
  });

  it('gives a stable blind index per key, different under another key and for another value', async () => {
    const first = await cipherWith({ id: 'k1', key: key(1) });
    const again = await cipherWith({ id: 'k1', key: key(1) });
    const other = await cipherWith({ id: 'k1', key: key(2) });
    const index = await first.blindIndex('738291046');
    expect(index).toMatch(/^i1\.k1\.[A-Za-z0-9_-]{43}$/);
    expect(index).not.toContain('738291046');
    expect(await again.blindIndex('738291046')).toBe(index);
    expect(await other.blindIndex('738291046')).not.toBe(index);
    expect(await first.blindIndex('738291047')).not.toBe(index);
    expect(blindIndexKeyId(index)).toBe('k1');
  });

  it('looks a value up under every key it holds, the current one first', async () => {
    const rotated = await cipherWith({ id: 'new', key: key(2) }, { id: 'old', key: key(1) });
    const old = await cipherWith({ id: 'old', key: key(1) });
    const indexes = await rotated.blindIndexes('42');
    expect(indexes.map((index) => blindIndexKeyId(index))).toEqual(['new', 'old']);
    expect(indexes[1]).toBe(await old.blindIndex('42'));
  });

  it('names an unnamed key by a fingerprint: the same key gets the same id, another key another id', async () => {
    const a = await cipherWith({ key: key(1) });
    const b = await cipherWith({ key: key(1) });
    const c = await cipherWith({ key: key(2) });
    expect(a.currentKeyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(b.currentKeyId).toBe(a.currentKeyId);
    expect(c.currentKeyId).not.toBe(a.currentKeyId);
    expect(await b.decrypt(await a.encrypt('same key'))).toBe('same key');
  });

  it('refuses keys of the wrong length and two different keys under one id', async () => {
    await expect(cipherWith({ id: 'k1', key: new Uint8Array(16) })).rejects.toThrow(/32 bytes, not 16/);
    await expect(cipherWith({ id: 'k1', key: key(1) }, { id: 'k1', key: key(2) })).rejects.toThrow(
      /two different encryption keys share the id "k1"/,
    );
  });

  it('on Node, seals and opens with node:crypto values that Web Crypto opens and seals, under the same key id', async () => {
    const material = { key: key(7) };
    const web = await Cipher.create({ current: material, old: [] });
    const node = await Cipher.create({ current: material, old: [] }, nodeCipherEngine);
    expect(node.currentKeyId).toBe(web.currentKeyId);
    for (const plain of ['they took my passport', 'паспорт 护照 جواز 🙏', '', 'x'.repeat(70_000)]) {
      expect(await web.decrypt(await node.encrypt(plain))).toBe(plain);
      expect(await node.decrypt(await web.encrypt(plain))).toBe(plain);
    }
    expect(await node.blindIndex('123456789')).toBe(await web.blindIndex('123456789'));
    const sealed = await node.encrypt('they took my passport');
    await expect(node.decrypt(alter(sealed, 2))).rejects.toThrow(DecryptionError);
    await expect(node.decrypt(alter(sealed, 3))).rejects.toThrow(DecryptionError);
    await expect(node.decrypt(sealed.slice(0, -4))).rejects.toThrow(DecryptionError);
  });

  it('tells sealed values from plain ones written before encryption', () => {
    expect(isSealed('hello')).toBe(false);
    expect(isSealed('v1.k1.not-a-sealed-value')).toBe(false);
    expect(isSealed(null)).toBe(false);
    expect(isSealed('v1.k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA')).toBe(true);
  });
});
