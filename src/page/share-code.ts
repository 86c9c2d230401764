/**
 * A cell's code in a link: `#share:<cell id>:<payload>`, where the payload is the code as UTF-8,
 * compressed with the platform's `CompressionStream('deflate-raw')` and written in base64url
 * (RFC 4648 §5, no padding). Nothing here runs the code: a link only carries text.
 *
 * Limits, so that a link stays usable (chat tools and mail clients cut long URLs) and so that a
 * crafted link cannot make the page inflate a huge text: the payload may be at most
 * SHARE_PAYLOAD_LIMIT characters, and the inflated code at most SHARE_CODE_LIMIT bytes.
 */
export const SHARE_PREFIX = '#share:';
/** Characters of base64url in a link's payload, at most (the whole link stays well under 8 KiB). */
export const SHARE_PAYLOAD_LIMIT = 6000;
/** Bytes of UTF-8 that a payload may inflate to, at most. */
export const SHARE_CODE_LIMIT = 256 * 1024;

export type ShareEncoded = { ok: true; fragment: string } | { ok: false; payloadChars: number; limit: number };
export type ShareDecoded = { ok: true; cellId: string; code: string } | { ok: false; problem: string };

const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!B64URL.test(text) || text.length % 4 === 1) throw new Error('the code in the link is not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `limit` bytes; more is an error, and the rest of the stream is not read. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`the code in the link is longer than ${limit} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The fragment (with its `#`) that carries `code` for the cell `cellId`, or how far it is over the limit. */
export async function encodeShare(cellId: string, code: string, limit = SHARE_PAYLOAD_LIMIT): Promise<ShareEncoded> {
  const payload = toBase64Url(await deflate(new TextEncoder().encode(code)));
  if (payload.length > limit) return { ok: false, payloadChars: payload.length, limit };
  return { ok: true, fragment: `${SHARE_PREFIX}${encodeURIComponent(cellId)}:${payload}` };
}

/** Whether a fragment is a share link at all (then `decodeShare` says whether it can be read). */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

/** Reads a share fragment (with its `#`); a fragment that is not one, or is damaged, gets a problem to show. */
export async function decodeShare(hash: string, limit = SHARE_PAYLOAD_LIMIT): Promise<ShareDecoded> {
  if (!isShareFragment(hash)) return { ok: false, problem: `the link's fragment does not start with "${SHARE_PREFIX}"` };
  const rest = hash.slice(SHARE_PREFIX.length);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) return { ok: false, problem: 'the link names no cell' };
  const payload = rest.slice(colon + 1);
  if (payload.length > limit)
    return { ok: false, problem: `the code in the link is ${payload.length} characters long; at most ${limit} are read` };
  try {
    const cellId = decodeURIComponent(rest.slice(0, colon));
    const bytes = await inflate(fromBase64Url(payload), SHARE_CODE_LIMIT);
    const code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, cellId, code };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problem: /base64url|longer than/.test(message) ? message : `the code in the link is damaged (${message})` };
  }
}
