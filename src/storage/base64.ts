/**
 * Base64 with Node's Buffer where there is one (Node, and Workers with nodejs_compat): encryption at rest
 * encodes a few values per message, and Buffer does it many times faster. Without it, `atob`/`btoa` work
 * on "binary strings" (one character per byte); these helpers convert to and from bytes.
 */

interface BufferLike {
  from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: string): string };
  from(text: string, encoding: string): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/** Standard or URL-safe base64 (padding optional) to bytes; undefined when `text` is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard) || standard.replace(/=+$/, '').length % 4 === 1) {
    return undefined;
  }
  if (NodeBuffer) return Uint8Array.from(NodeBuffer.from(standard, 'base64'));
  const padded = standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Bytes to standard base64 with padding (what `openssl rand -base64` prints). */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  // In slices, because String.fromCharCode(...bytes) overflows the call stack on long messages.
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Bytes to URL-safe base64 without padding: no `.`, so it can sit between dots in a sealed value. */
export function encodeBase64Url(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
