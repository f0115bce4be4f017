import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { CipherEngine } from '../../storage/cipher.js';

const TAG_BYTES = 16;

/**
 * node:crypto behind the Cipher: the same AES-256-GCM and HMAC-SHA-256 as Web Crypto, so values sealed by
 * either open with the other, but synchronous and without Web Crypto's per-call overhead, which on a busy
 * webhook (a handful of values sealed and opened per update) is a tenth of the work. The derived keys are
 * held as KeyObjects, outside the JavaScript heap.
 */
export const nodeCipherEngine: CipherEngine = {
  async keys({ aes, mac }) {
    const aesKey = createSecretKey(aes);
    const macKey = createSecretKey(mac);
    return {
      seal(iv, header, plain) {
        const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
        cipher.setAAD(header);
        return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      },
      open(iv, header, sealed) {
        if (sealed.length < TAG_BYTES) throw new Error('too short to be sealed');
        const decipher = createDecipheriv('aes-256-gcm', aesKey, iv);
        decipher.setAAD(header);
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]);
      },
      mac: (data) => createHmac('sha256', macKey).update(data).digest(),
    };
  },
  // From node:crypto's pool of random bytes, refilled from the system's generator in large reads.
  random: (length) => new Uint8Array(randomBytes(length)),
};
