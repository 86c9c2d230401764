/**
 * `npm run vendor:packages -- --from <Pyodide distribution>`: a wheel built for Pyodide is copied
 * only when the distribution's pyodide-lock.json and the file itself both carry the lock's sha256;
 * without a distribution it is reported missing (the build then verifies its cells natively).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vendorPackages, wheelDir } from '../../src/build/vendor-packages.ts';

const FILE = 'tinynp-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl';
const BYTES = Buffer.from('not really a wheel, but bytes with a hash');
const SHA = createHash('sha256').update(BYTES).digest('hex');

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

async function setup(listedSha = SHA, fileBytes = BYTES) {
  const root = await mkdtemp(join(tmpdir(), 'hb-from-'));
  dirs.push(root);
  const dist = join(root, 'dist');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dist);
  await writeFile(join(dist, FILE), fileBytes);
  await writeFile(join(dist, 'pyodide-lock.json'), JSON.stringify({ packages: { tinynp: { file_name: FILE, sha256: listedSha } } }));
  const lockPath = join(root, 'packages.lock.json');
  const entry = { name: 'tinynp', version: '1.0', file: FILE, sha256: SHA, size: null, imports: ['tinynp'], source: 'pyodide', url: null };
  await writeFile(lockPath, JSON.stringify({ lockVersion: 1, packages: [entry] }));
  return { cacheDir: join(root, 'cache'), lockPath, dist };
}

describe('vendoring a Pyodide-built wheel', () => {
  it('reports it missing without a distribution, and says how to provide one', async () => {
    const { cacheDir, lockPath } = await setup();
    const result = await vendorPackages({ cacheDir, lockPath });
    expect(result.missing.map((m) => m.file)).toEqual([FILE]);
    expect(result.missing[0]?.reason).toMatch(
      /tinynp 1\.0 is not vendored: .* is built for Pyodide and is not on PyPI\. .*npm run vendor:packages -- --from <a Pyodide [\d.]+ distribution folder or URL>/,
    );
  });

  it('copies it from a distribution folder whose lock and file carry the sha256', async () => {
    const { cacheDir, lockPath, dist } = await setup();
    const result = await vendorPackages({ cacheDir, lockPath, from: dist });
    expect(result.missing).toEqual([]);
    expect(result.downloaded).toEqual([FILE]);
    expect(await readFile(join(wheelDir(cacheDir), FILE))).toEqual(BYTES);
    // A second run finds it in the cache and needs no distribution.
    expect((await vendorPackages({ cacheDir, lockPath })).present).toEqual([FILE]);
  });

  it('refuses a distribution that lists another build, or serves other bytes, and keeps nothing', async () => {
    const other = await setup('b'.repeat(64));
    await expect(vendorPackages({ cacheDir: other.cacheDir, lockPath: other.lockPath, from: other.dist })).rejects.toThrow(
      /its pyodide-lock\.json gives tinynp-1\.0-.*\.whl the sha256 b{64}, where packages\.lock\.json says [0-9a-f]{64}: this is another build of tinynp; nothing was copied/,
    );
    const damaged = await setup(SHA, Buffer.from('other bytes'));
    await expect(vendorPackages({ cacheDir: damaged.cacheDir, lockPath: damaged.lockPath, from: damaged.dist })).rejects.toThrow(
      /is not the wheel packages\.lock\.json names, so it was not kept/,
    );
    await expect(readFile(join(wheelDir(damaged.cacheDir), FILE))).rejects.toThrow();
    await expect(
      vendorPackages({ cacheDir: damaged.cacheDir, lockPath: damaged.lockPath, from: join(damaged.dist, 'nowhere') }),
    ).rejects.toThrow(/no readable pyodide-lock\.json there/);
  });
});
