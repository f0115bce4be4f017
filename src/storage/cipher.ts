import { decodeBase64, encodeBase64Url } from './base64.js';

/**
 * Encryption at rest, with Web Crypto on Node and Workers alike, or on Node with node:crypto's own
 * primitives (a CipherEngine; same algorithms, same values, a few times faster per call). Every master key
 * (32 random bytes) carries an id; two keys are derived from it with HKDF, one for AES-256-GCM and one for
 * a keyed blind index (HMAC-SHA-256), so the master key itself is never used directly.
 *
 * A sealed value is self-describing text: `v1.<keyId>.<iv>.<ciphertext and tag>` (base64url). The
 * `v1.<keyId>` header is authenticated too, so a value cannot be passed off as sealed under another key.
 * A blind index is `i1.<keyId>.<mac>`: equal inputs give equal indexes under one key, which is what lets
 * Haven look a chat up without storing its id in the clear.
 */

/** A master key as configured: its bytes, and its id when the configuration names one. */
export interface KeyMaterial {
  /** 1-32 characters of A-Z a-z 0-9 _ -; when absent, an id is derived from the key itself. */
  id?: string;
  key: Uint8Array;
}

export interface KeyringConfig {
  /** The key every new value is sealed with. */
  current: KeyMaterial;
  /** Keys that only read values sealed before the current key was introduced. */
  old: KeyMaterial[];
}

export const KEY_BYTES = 32;
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

const SEALED = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;
const INDEX = /^i1\.([A-Za-z0-9_-]{1,32})\.[A-Za-z0-9_-]{43}$/;
const IV_BYTES = 12;

/** A value could not be opened. The message names the key id only, never the value or the key. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** True when `value` has the shape of a sealed value; plain values written before encryption do not. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED.test(value);
}

/** The key id a sealed value was sealed under, or undefined when it is not sealed. */
export function sealedKeyId(value: string): string | undefined {
  return SEALED.exec(value)?.[1];
}

/** The key id a blind index was made with, or undefined when `value` is not a blind index. */
export function blindIndexKeyId(value: string): string | undefined {
  return INDEX.exec(value)?.[1];
}

/** Bytes handed to an engine. */
type Bytes = Uint8Array<ArrayBuffer>;

/** What a Cipher does with the two keys derived from one master key. */
export interface KeyOperations {
  /** AES-256-GCM: the ciphertext followed by the 16-byte tag. */
  seal(iv: Bytes, header: Bytes, plain: Bytes): Promise<Uint8Array> | Uint8Array;
  /** The reverse of `seal`; throws when the value or its header was altered, or the key is another. */
  open(iv: Bytes, header: Bytes, sealed: Bytes): Promise<Uint8Array> | Uint8Array;
  /** HMAC-SHA-256. */
  mac(data: Bytes): Promise<Uint8Array> | Uint8Array;
}

/**
 * Where the cryptography runs. Given the bytes of the two derived keys, it keeps them as it likes (the
 * bytes are wiped afterwards) and returns the operations on them.
 */
export interface CipherEngine {
  keys(derived: { aes: Bytes; mac: Bytes }): Promise<KeyOperations>;
  /** `length` random bytes for an IV; crypto.getRandomValues when the engine has nothing faster. */
  random?(length: number): Bytes;
}

/** Web Crypto, with the keys imported as non-extractable CryptoKeys: runs everywhere. */
export const webCryptoEngine: CipherEngine = {
  async keys({ aes, mac }) {
    const aesKey = await crypto.subtle.importKey('raw', aes, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const macKey = await crypto.subtle.importKey('raw', mac, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    return {
      seal: async (iv, header, plain) =>
        new Uint8Array(
          await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, aesKey, plain),
        ),
      open: async (iv, header, sealed) =>
        new Uint8Array(
          await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, aesKey, sealed),
        ),
      mac: async (data) => new Uint8Array(await crypto.subtle.sign('HMAC', macKey, data)),
    };
  },
};

interface LoadedKey {
  id: string;
  /** The authenticated header of values sealed under this key, `v1.<id>`, as bytes. */
  header: Bytes;
  operations: KeyOperations;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class Cipher {
  readonly #current: LoadedKey;
  readonly #keys: ReadonlyMap<string, LoadedKey>;

  readonly #random: CipherEngine['random'];

  private constructor(
    current: LoadedKey,
    keys: ReadonlyMap<string, LoadedKey>,
    random: CipherEngine['random'],
  ) {
    this.#current = current;
    this.#keys = keys;
    this.#random = random;
  }

  /** Derives the keys once; refuses two different keys under one id. */
  static async create(config: KeyringConfig, engine: CipherEngine = webCryptoEngine): Promise<Cipher> {
    const current = await loadKey(config.current, engine);
    const keys = new Map<string, LoadedKey>([[current.id, current]]);
    const bytesById = new Map<string, Uint8Array>([[current.id, config.current.key]]);
    for (const material of config.old) {
      const loaded = await loadKey(material, engine);
      const known = bytesById.get(loaded.id);
      if (known) {
        if (!sameBytes(known, material.key)) {
          throw new Error(`two different encryption keys share the id "${loaded.id}"`);
        }
        continue;
      }
      keys.set(loaded.id, loaded);
      bytesById.set(loaded.id, material.key);
    }
    return new Cipher(current, keys, engine.random);
  }

  /** The id of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Every key id this cipher can read, the current one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  async encrypt(plain: string): Promise<string> {
    const iv = this.#random?.(IV_BYTES) ?? crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const { id, header, operations } = this.#current;
    const sealed = await operations.seal(iv, header, encoder.encode(plain));
    return `v1.${id}.${encodeBase64Url(iv)}.${encodeBase64Url(sealed)}`;
  }

  async decrypt(sealed: string): Promise<string> {
    const parts = SEALED.exec(sealed);
    if (!parts) throw new DecryptionError('the value is not a sealed value');
    const [, keyId = '', ivText = '', bodyText = ''] = parts;
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new DecryptionError(
        `a value is sealed with encryption key "${keyId}", which is neither HAVEN_ENCRYPTION_KEY nor in HAVEN_ENCRYPTION_OLD_KEYS`,
      );
    }
    const iv = decodeBase64(ivText);
    const body = decodeBase64(bodyText);
    try {
      if (!iv || !body) throw new Error('not base64');
      return decoder.decode(await key.operations.open(iv, key.header, body));
    } catch {
      // GCM authenticates: a wrong key and an altered value fail alike, and neither may reveal anything.
      throw new DecryptionError(
        `a value sealed with encryption key "${keyId}" could not be opened: the key is not the one it was sealed with, or the value was altered`,
      );
    }
  }

  /** The blind index of `value` under the current key, or under the key `keyId` when it is given. */
  async blindIndex(value: string, keyId: string = this.#current.id): Promise<string> {
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`no encryption key with the id "${keyId}"`);
    const mac = await key.operations.mac(encoder.encode(value));
    return `i1.${key.id}.${encodeBase64Url(mac)}`;
  }

  /** The blind indexes of `value` under every key, the current one first: for finding rows of older keys. */
  async blindIndexes(value: string): Promise<string[]> {
    return Promise.all(this.keyIds.map((keyId) => this.blindIndex(value, keyId)));
  }
}

/** The label HKDF mixes in per purpose, so the encryption key and the index key are unrelated. */
const PURPOSES = {
  aes: 'haven/v1/aes-256-gcm',
  mac: 'haven/v1/blind-index',
  id: 'haven/v1/key-id',
} as const;

async function loadKey(material: KeyMaterial, engine: CipherEngine): Promise<LoadedKey> {
  if (material.key.length !== KEY_BYTES) {
    throw new Error(`an encryption key must be ${KEY_BYTES} bytes, not ${material.key.length}`);
  }
  if (material.id !== undefined && !KEY_ID.test(material.id)) {
    throw new Error('an encryption key id must be 1-32 characters of A-Z a-z 0-9 _ -');
  }
  const master = await crypto.subtle.importKey('raw', Uint8Array.from(material.key), 'HKDF', false, [
    'deriveBits',
  ]);
  const hkdf = (purpose: keyof typeof PURPOSES) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: encoder.encode(PURPOSES[purpose]),
  });
  // 256 bits each: what deriving an AES-256-GCM key and a 256-bit HMAC key takes from HKDF.
  const derive = async (purpose: keyof typeof PURPOSES, bits: number) =>
    new Uint8Array(await crypto.subtle.deriveBits(hkdf(purpose), master, bits));
  const derived = { aes: await derive('aes', 256), mac: await derive('mac', 256) };
  const operations = await engine.keys(derived);
  derived.aes.fill(0);
  derived.mac.fill(0);
  // An unnamed key gets a fingerprint as its id (48 bits: enough to tell a handful of keys apart, and a
  // one-way function of the key), so two unnamed keys never collide the way two default names would.
  const id = material.id ?? encodeBase64Url(await derive('id', 48));
  return { id, header: encoder.encode(`v1.${id}`), operations };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
