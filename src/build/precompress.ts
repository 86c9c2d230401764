/**
 * Writes .br and .gz twins of the built site's compressible files, so a static server can send
 * them without compressing on every request (sirv in `npm run preview`; nginx with brotli_static
 * and gzip_static). The engine's files are most of the bytes a first Run downloads.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const COMPRESSIBLE = /\.(?:html|js|mjs|css|json|svg|txt|xml|wasm|bin|map)$/;
const MIN_BYTES = 1024;
/**
 * Files this big (the engine's wasm and snapshot) get brotli's best setting and a 16 MiB window,
 * the largest every browser decodes. Measured here: the snapshot 3.55 -> 3.07 MB and the wasm
 * 3.10 -> 2.77 MB, at about 45 s of one core each, so the result is cached by content.
 */
const BIG_BYTES = 1 << 20;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

function brotliParams(data: Buffer) {
  const big = data.length >= BIG_BYTES;
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: big ? 11 : 9,
      [constants.BROTLI_PARAM_LGWIN]: big ? 24 : 22,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  };
}

/** Big files' compressions under way in this process, by content hash (see compressAhead). */
const compressing = new Map<string, Promise<Buffer>>();

/** Brotli of a big file, from the cache when these exact bytes were compressed before. */
async function cachedBrotli(data: Buffer, cacheDir: string | null): Promise<Buffer> {
  if (!cacheDir || data.length < BIG_BYTES) return brotli(data, brotliParams(data));
  const key = createHash('sha256').update(data).digest('hex');
  const underway = compressing.get(key);
  if (underway) return underway;
  const cached = `${cacheDir}/brotli/${key}.br`;
  const hit = await readFile(cached).catch(() => null);
  if (hit) return hit;
  const br = await brotli(data, brotliParams(data));
  await mkdir(`${cacheDir}/brotli`, { recursive: true });
  await writeFile(cached, br);
  return br;
}

/**
 * Starts compressing big files known before the site is built (the engine's wasm and snapshot,
 * about 45 s of one core each when not cached), so the work overlaps the build's one-core phases
 * instead of coming after them; precompress() then takes the result. Resolves to how many of them
 * had to be compressed, when all are done; never rejects (precompress() compresses again).
 */
export async function compressAhead(paths: string[], cacheDir: string): Promise<number> {
  const done = await Promise.all(
    paths.map(async (path) => {
      const data = await readFile(path).catch(() => null);
      if (!data || data.length < BIG_BYTES) return false;
      const key = createHash('sha256').update(data).digest('hex');
      if (
        compressing.has(key) ||
        (await stat(`${cacheDir}/brotli/${key}.br`).then(
          () => true,
          () => false,
        ))
      )
        return false;
      const work = cachedBrotli(data, cacheDir);
      compressing.set(key, work);
      return work.then(
        () => true,
        () => {
          compressing.delete(key);
          return false;
        },
      );
    }),
  );
  return done.filter(Boolean).length;
}

/**
 * Compresses every eligible file under `dir`, several at once (zlib works on Node's thread pool);
 * returns how many bytes were written.
 */
export async function precompress(
  dir: string,
  cacheDir: string | null = null,
): Promise<{ files: number; rawBytes: number; brotliBytes: number }> {
  const entries = (await readdir(dir, { recursive: true })).filter((f) => COMPRESSIBLE.test(f));
  const sized = await Promise.all(entries.map(async (entry) => ({ entry, size: (await stat(`${dir}/${entry}`)).size })));
  // Biggest first, so the long ones start at once and the small ones fill the gaps.
  const queue = sized
    .filter((f) => f.size >= MIN_BYTES)
    .sort((a, b) => b.size - a.size)
    .map((f) => f.entry);
  let rawBytes = 0;
  let brotliBytes = 0;
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      const path = `${dir}/${entry}`;
      const data = await readFile(path);
      const [br, gzipped] = await Promise.all([cachedBrotli(data, cacheDir), gz(data, { level: 9 })]);
      await writeFile(`${path}.br`, br);
      await writeFile(`${path}.gz`, gzipped);
      rawBytes += data.length;
      brotliBytes += br.length;
    }
  };
  const files = queue.length;
  await Promise.all([worker(), worker()]);
  return { files, rawBytes, brotliBytes };
}
