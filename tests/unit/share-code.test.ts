import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, fromBase64Url, isShareFragment, SHARE_CODE_LIMIT, toBase64Url } from '../../src/page/share-code.ts';

describe('share links', () => {
  it('round-trips code, cell ids with odd characters, and non-ASCII text', async () => {
    const code = 'x = "héllo 你好 🎉"\nprint(x * 3)\n<script>alert(1)</script>';
    const encoded = await encodeShare('layers/1 :x', code);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.fragment.startsWith('#share:layers%2F1%20%3Ax:')).toBe(true);
    expect(encoded.fragment).toMatch(/^#share:[^#\s]+$/);
    expect(await decodeShare(encoded.fragment)).toEqual({ ok: true, cellId: 'layers/1 :x', code });
  });

  it('compresses repetitive code well below its length', async () => {
    const code = 'print("abc")\n'.repeat(500);
    const encoded = await encodeShare('c', code);
    expect(encoded.ok && encoded.fragment.length).toBeLessThan(200);
  });

  it('refuses code over the limit, saying how long it is', async () => {
    const random = Array.from({ length: 8000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('');
    const encoded = await encodeShare('c', random, 100);
    expect(encoded.ok).toBe(false);
    if (encoded.ok) return;
    expect(encoded.limit).toBe(100);
    expect(encoded.payloadChars).toBeGreaterThan(100);
  });

  it('base64url has no +, / or padding and reads back', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...fromBase64Url(text)]).toEqual([...bytes]);
    expect(() => fromBase64Url('ab+c')).toThrow(/base64url/);
  });

  it('names the problem with damaged or hostile links', async () => {
    expect(isShareFragment('#layers')).toBe(false);
    expect(await decodeShare('#layers')).toEqual({ ok: false, problem: expect.stringContaining('does not start') });
    expect(await decodeShare('#share:abc')).toEqual({ ok: false, problem: 'the link names no cell' });
    expect(await decodeShare('#share:c:%%%')).toEqual({ ok: false, problem: expect.stringContaining('base64url') });
    const junk = await decodeShare('#share:c:AAAAAAAA');
    expect(junk.ok).toBe(false);
    expect(await decodeShare(`#share:c:${'A'.repeat(7000)}`)).toEqual({ ok: false, problem: expect.stringContaining('at most 6000') });
    // A small payload that inflates past the limit (a "zip bomb") is refused without inflating it all.
    const bomb = await encodeShare('c', 'a'.repeat(SHARE_CODE_LIMIT + 10));
    expect(bomb.ok).toBe(true);
    if (bomb.ok) expect(await decodeShare(bomb.fragment)).toEqual({ ok: false, problem: expect.stringContaining('longer than') });
  });
});
