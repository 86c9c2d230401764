/**
 * Extra packages in the real engine (Pyodide in a Node worker thread): wheels this test builds
 * itself, served by its own HTTP server on 127.0.0.1, loaded before a cell runs; a wrong sha256,
 * a 404 and a wheel without the module it promises each give the cell an error that names the
 * package, the URL and what to do. Then the book's real objgraph, from the vendored cache.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOK_LOCK } from '../../src/shared/package-lock.ts';
import { vendorPackages, wheelDir } from '../../src/build/vendor-packages.ts';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import { checkLock, formatSize, type LockedPackage, type PackageProgress } from '../../engine/packages.ts';
import type { RunResult } from '../../engine/protocol.ts';

/** A zip archive of stored (uncompressed) files: what a wheel is, at its simplest. */
function zip(files: Record<string, string>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    local.push(header, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = Object.keys(files).length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

/** A pure-Python wheel of `name` 0.1.0 holding the module `module` (METADATA, WHEEL, RECORD). */
function wheel(name: string, module: string, source: string): { file: string; bytes: Uint8Array } {
  const info = `${name}-0.1.0.dist-info`;
  const files: Record<string, string> = {
    [`${module}/__init__.py`]: source,
    [`${info}/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: 0.1.0\n`,
    [`${info}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: heapbook-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  files[`${info}/RECORD`] = [...Object.keys(files).map((f) => `${f},,`), `${info}/RECORD,,`, ''].join('\n');
  return { file: `${name}-0.1.0-py3-none-any.whl`, bytes: zip(files) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function entry(name: string, file: string, bytes: Uint8Array, imports: string[], hash = sha256(bytes)): LockedPackage {
  return {
    name,
    version: '0.1.0',
    file,
    sha256: hash,
    size: bytes.length,
    imports,
    source: 'pypi',
    url: `https://example.invalid/${file}`,
  };
}

const tiny = wheel('tinypkg', 'tinypkg', 'VALUE = 42\ndef hello(who):\n    return f"hello, {who}"\n');
const ghost = wheel('ghostpkg', 'notghost', 'X = 1\n');
const WRONG = '0'.repeat(64);
const lock = checkLock({
  lockVersion: 1,
  packages: [
    entry('tinypkg', tiny.file, tiny.bytes, ['tinypkg']),
    // Served, but the lock's hash is not the file's.
    entry('badhash', 'badhash-0.1.0-py3-none-any.whl', tiny.bytes, ['badhash'], WRONG),
    // Locked, never served: a 404.
    entry('gonepkg', 'gonepkg-0.1.0-py3-none-any.whl', tiny.bytes, ['gonepkg']),
    // Installs, but the module it promises is not in it.
    entry('ghostpkg', ghost.file, ghost.bytes, ['ghostpkg']),
    // The server takes the request and never answers.
    entry('stallpkg', 'stallpkg-0.1.0-py3-none-any.whl', tiny.bytes, ['stallpkg']),
  ],
});

/** Each download's time limit here: the wheels are small and local. */
const DOWNLOAD_MS = 2_000;

let server: Server;
let base = '';
const requests: string[] = [];
let engine: EngineHost;
let n = 0;
let progress: PackageProgress[] = [];

function run(code: string, packages?: string[]): Promise<RunResult> {
  return engine.run(
    { cellId: `p${++n}`, lang: 'python', code, ...(packages ? { packages } : {}) },
    { onPackage: (p) => progress.push(p), timeoutMs: 60_000 },
  );
}

beforeAll(async () => {
  const served: Record<string, Uint8Array> = {
    [`/wheels/${tiny.file}`]: tiny.bytes,
    '/wheels/badhash-0.1.0-py3-none-any.whl': tiny.bytes,
    [`/wheels/${ghost.file}`]: ghost.bytes,
  };
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/wheels/stallpkg-')) return;
    const body = served[req.url ?? ''];
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}/wheels/`;
  engine = createNodeEngine({ packages: { lock, baseURL: base, downloadMs: DOWNLOAD_MS } });
  await engine.start();
});

afterAll(async () => {
  engine.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('packages in the engine', () => {
  it('loads a wheel imported by a cell from the package base URL, once', async () => {
    progress = [];
    const r = await run('import tinypkg\nprint(tinypkg.hello("wheel"))\ntinypkg.VALUE');
    expect(r.error).toBeNull();
    expect(r.status).toBe('ok');
    expect(r.stream).toEqual([{ stream: 'stdout', text: 'hello, wheel\n' }]);
    expect(r.value?.['text/plain']).toBe('42');
    expect(progress.map((p) => p.stage)).toEqual(['download', 'install', 'done']);
    expect(progress[0]).toEqual({ name: 'tinypkg', version: '0.1.0', size: tiny.bytes.length, stage: 'download' });
    expect(requests.filter((u) => u.endsWith(tiny.file))).toHaveLength(1);
    // Installed where Python looks for packages, with its metadata.
    const meta = await run('from importlib.metadata import version\nversion("tinypkg")');
    expect(meta.value?.['text/plain']).toBe("'0.1.0'");
    progress = [];
    const again = await run('import tinypkg\ntinypkg.VALUE + 1');
    expect(again.value?.['text/plain']).toBe('43');
    expect(progress).toEqual([]);
    expect(requests.filter((u) => u.endsWith(tiny.file))).toHaveLength(1);
  });

  it('gives a wrong sha256 a clear error and does not install the wheel', async () => {
    const r = await run('x = 1', ['badhash']);
    expect(r.status).toBe('error');
    expect(r.error?.type).toBe('PackageError');
    expect(r.error?.message).toBe(
      `package badhash 0.1.0 (badhash-0.1.0-py3-none-any.whl, ${formatSize(tiny.bytes.length)}) loaded from ${base}badhash-0.1.0-py3-none-any.whl ` +
        `is not the locked wheel: its sha256 is ${sha256(tiny.bytes)} (${tiny.bytes.length} bytes) where the lock says ${WRONG} (${tiny.bytes.length} bytes). ` +
        "To fix it: the file is not the wheel packages.lock.json names: run npm run vendor:packages and build again, and check that the package base URL serves this build's wheels.",
    );
    // The cell did not run, and the engine still works.
    const after = await run('"x" in globals()');
    expect(after.value?.['text/plain']).toBe('False');
  });

  it('gives a 404 a clear error naming the URL', async () => {
    const r = await run('import gonepkg');
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe(
      `package gonepkg 0.1.0 (gonepkg-0.1.0-py3-none-any.whl, ${formatSize(tiny.bytes.length)}) could not be loaded from ${base}gonepkg-0.1.0-py3-none-any.whl: ` +
        "the server answered 404 Not Found. To fix it: run npm run vendor:packages and build again (a wheel built for Pyodide, such as NumPy's, needs --from <Pyodide distribution folder or URL>), or fix the package base URL (HEAPBOOK_PACKAGE_BASE_URL).",
    );
  });

  it('does not wait for ever for a server that never answers', async () => {
    const t0 = performance.now();
    const r = await run('import stallpkg');
    const ms = performance.now() - t0;
    expect(r.error?.message).toBe(
      `package stallpkg 0.1.0 (stallpkg-0.1.0-py3-none-any.whl, ${formatSize(tiny.bytes.length)}) could not be loaded from ${base}stallpkg-0.1.0-py3-none-any.whl: ` +
        "no answer within 2 s. To fix it: run npm run vendor:packages and build again (a wheel built for Pyodide, such as NumPy's, needs --from <Pyodide distribution folder or URL>), or fix the package base URL (HEAPBOOK_PACKAGE_BASE_URL).",
    );
    expect(ms).toBeGreaterThanOrEqual(DOWNLOAD_MS - 50);
    expect(ms).toBeLessThan(DOWNLOAD_MS + 5_000);
  });

  it('says so when an installed wheel does not provide the module the lock promises', async () => {
    const r = await run('x = 2', ['ghostpkg']);
    expect(r.status).toBe('error');
    expect(r.error?.message).toContain(`package ghostpkg 0.1.0 (${ghost.file}`);
    expect(r.error?.message).toContain('was installed, but import ghostpkg still finds no module');
  });

  it('refuses a declared package the lock does not have, naming the lock', async () => {
    const r = await run('x = 3', ['numpy']);
    expect(r.error?.message).toBe(
      'package "numpy" is not in packages.lock.json (locked: tinypkg, badhash, gonepkg, ghostpkg, stallpkg): add it there with its wheel\'s file name, size and sha256, then run npm run vendor:packages',
    );
  });

  it('reads wheels from a directory in Node (the build reads the vendored cache)', async () => {
    const dir = await mkdtemp(`${tmpdir()}/heapbook-wheels-`);
    const local = createNodeEngine({ packages: { lock, baseURL: `${dir}/` } });
    try {
      await writeFile(`${dir}/${tiny.file}`, tiny.bytes);
      const r = await local.run({ cellId: 'local', lang: 'python', code: 'from tinypkg import VALUE\nVALUE' });
      expect(r.value?.['text/plain']).toBe('42');
      const missing = await local.run({ cellId: 'missing', lang: 'python', code: 'import gonepkg' });
      expect(missing.error?.message).toContain(`could not be loaded from ${dir}/gonepkg-0.1.0-py3-none-any.whl: no such file.`);
    } finally {
      local.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("loads the book's objgraph from the vendored cache and uses it", async () => {
    const cacheDir = new URL('../../.heapbook-cache/', import.meta.url).pathname;
    await vendorPackages({ cacheDir });
    const book = createNodeEngine({ packages: { lock: BOOK_LOCK, baseURL: wheelDir(cacheDir) } });
    try {
      await book.start();
      const seen: PackageProgress[] = [];
      const at: number[] = [];
      const t0 = performance.now();
      const r = await book.run(
        {
          cellId: 'objgraph',
          lang: 'python',
          code: 'import objgraph\nclass Leak: pass\nkept = [Leak() for _ in range(7)]\nobjgraph.count("Leak")',
        },
        {
          onPackage: (p) => {
            seen.push(p);
            at.push(performance.now());
          },
        },
      );
      const ms = performance.now() - t0;
      const load = (at.at(-1) ?? 0) - (at[0] ?? 0);
      const read = (at[1] ?? 0) - (at[0] ?? 0);
      expect(r.error).toBeNull();
      expect(r.value?.['text/plain']).toBe('7');
      expect(seen[0]).toEqual({ name: 'objgraph', version: '3.7.0', size: 17951, stage: 'download' });
      console.log(
        `objgraph 3.7.0 (17951 bytes): loaded in ${Math.round(load)} ms (read and sent ${Math.round(read)} ms), loaded and first cell run in ${Math.round(ms)} ms (Node)`,
      );
    } finally {
      book.dispose();
    }
  });
});
