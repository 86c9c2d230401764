/**
 * `npm run vendor:packages` against the real PyPI (through pip, as the build does): a lock whose
 * sha256 is not the wheel's is refused with both hashes and nothing is kept; a damaged cached
 * wheel is downloaded again.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex, vendorPackages, WheelMismatch } from '../../src/build/vendor-packages.ts';
import { BOOK_LOCK } from '../../src/shared/package-lock.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function setup(sha256: string): Promise<{ cacheDir: string; lockPath: string }> {
  const dir = await mkdtemp(`${tmpdir()}/heapbook-vendor-`);
  dirs.push(dir);
  const lockPath = `${dir}/packages.lock.json`;
  const [objgraph] = BOOK_LOCK.packages;
  await writeFile(lockPath, JSON.stringify({ lockVersion: 1, packages: [{ ...objgraph, sha256 }] }));
  return { cacheDir: `${dir}/cache`, lockPath };
}

describe('vendorPackages', () => {
  it("refuses a wheel whose sha256 is not the lock's, saying both and what to do, and keeps nothing", async () => {
    const wrong = 'ab'.repeat(32);
    const { cacheDir, lockPath } = await setup(wrong);
    const error = await vendorPackages({ cacheDir, lockPath }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WheelMismatch);
    const real = BOOK_LOCK.packages[0]?.sha256;
    expect((error as Error).message).toBe(
      'objgraph-3.7.0-py3-none-any.whl from pip (objgraph==3.7.0) is not the wheel packages.lock.json names, so it was not kept:\n' +
        `  expected sha256 ${wrong} (17951 bytes)\n` +
        `  actual   sha256 ${real} (17951 bytes)\n` +
        'Check which index pip uses (python3 -m pip config list): a mirror may serve another build of objgraph 3.7.0. ' +
        'Change "sha256" and "size" in packages.lock.json only if you have checked that this wheel is the one you mean to ship.',
    );
    expect(await readdir(`${cacheDir}/wheels`)).toEqual([]);
  });

  it('downloads a missing wheel, keeps a good one, and replaces a damaged one', async () => {
    const real = BOOK_LOCK.packages[0]?.sha256 ?? '';
    const { cacheDir, lockPath } = await setup(real);
    const first = await vendorPackages({ cacheDir, lockPath });
    expect(first.downloaded).toEqual(['objgraph-3.7.0-py3-none-any.whl']);
    const path = `${cacheDir}/wheels/objgraph-3.7.0-py3-none-any.whl`;
    expect(sha256Hex(await readFile(path))).toBe(real);
    expect((await vendorPackages({ cacheDir, lockPath })).present).toEqual(['objgraph-3.7.0-py3-none-any.whl']);
    await writeFile(path, 'not a wheel');
    const lines: string[] = [];
    const again = await vendorPackages({ cacheDir, lockPath, log: (line) => lines.push(line) });
    expect(again.downloaded).toEqual(['objgraph-3.7.0-py3-none-any.whl']);
    expect(lines[0]).toMatch(/^objgraph-3\.7\.0-py3-none-any\.whl in the cache has sha256 [0-9a-f]{64}, not the lock's 1f0e1d80/);
    expect(sha256Hex(await readFile(path))).toBe(real);
  });
});
