/**
 * Vendoring of the engine's extra packages: every wheel `packages.lock.json` names is downloaded
 * with pip into `.heapbook-cache/wheels/` (git-ignored) and kept only when its size and SHA-256 are
 * the lock's. `npm run vendor:packages` runs it, and so does the build (and `check-chapter`) when a
 * wheel is missing, so a clean clone builds with nothing but pip's access to PyPI; the build then
 * copies the wheels into `dist/pyodide/packages/` and the site serves them itself.
 *
 * A wheel of `source: "pyodide"` (built for this engine, such as NumPy's, which PyPI does not
 * carry) comes only from a Pyodide distribution: `npm run vendor:packages -- --from <folder or URL>`
 * copies it after checking that the distribution's `pyodide-lock.json` gives it the lock's sha256,
 * and checks the file again. Without one it is reported missing, not fatal: the build then verifies
 * the cells that need it on the native CPython (execute-steps.ts) and says so.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { LOCK_FILE, parseLock, type LockedPackage, type PackageLock } from '../../engine/packages.ts';

const PYODIDE_VERSION = (createRequire(import.meta.url)('pyodide/package.json') as { version: string }).version;

/** The repository's lock file. */
export const LOCK_PATH = new URL(`../../${LOCK_FILE}`, import.meta.url).pathname;

/** Where the vendored wheels are kept, under the build's cache folder. */
export function wheelDir(cacheDir: string): string {
  return `${cacheDir.replace(/\/$/, '')}/wheels/`;
}

/** A wheel that is not the lock's: what was expected, what came, and what to do. */
export class WheelMismatch extends Error {
  constructor(pkg: LockedPackage, actual: { sha256: string; size: number }, from: string) {
    super(
      `${pkg.file} from ${from} is not the wheel ${LOCK_FILE} names, so it was not kept:\n` +
        `  expected sha256 ${pkg.sha256} (${pkg.size} bytes)\n` +
        `  actual   sha256 ${actual.sha256} (${actual.size} bytes)\n` +
        `Check which index pip uses (python3 -m pip config list): a mirror may serve another build of ${pkg.name} ${pkg.version}. ` +
        `Change "sha256" and "size" in ${LOCK_FILE} only if you have checked that this wheel is the one you mean to ship.`,
    );
    this.name = 'WheelMismatch';
  }
}

export interface VendorResult {
  lock: PackageLock;
  dir: string;
  /** Wheels downloaded now, and wheels already in the cache with the right hash. */
  downloaded: string[];
  present: string[];
  /** Wheels of `source: "pyodide"` that no distribution has provided: each with why and what to do. */
  missing: Array<{ name: string; file: string; reason: string }>;
}

/** What a build without a Pyodide-built wheel says, and how to provide it. */
export function missingPyodideWheel(pkg: LockedPackage): string {
  return (
    `${pkg.name} ${pkg.version} is not vendored: ${pkg.file} is built for Pyodide and is not on PyPI. ` +
    `Cells that need it are verified at build on the native CPython instead, and the page cannot load it live. ` +
    `To serve it, run npm run vendor:packages -- --from <a Pyodide ${PYODIDE_VERSION} distribution folder or URL>, or set packageBaseUrl to where it is served.`
  );
}

/** The wheel of `pkg` from a Pyodide distribution (folder or http(s) URL), checked against its pyodide-lock.json. */
async function fromDistribution(pkg: LockedPackage, from: string): Promise<Uint8Array> {
  const remote = /^https?:\/\//.test(from);
  const base = from.endsWith('/') ? from : `${from}/`;
  const read = async (name: string): Promise<Uint8Array> => {
    if (!remote) return readFile(`${base}${name}`);
    const response = await fetch(new URL(name, base));
    if (!response.ok) throw new Error(`${new URL(name, base).href} answered ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  let listing: { packages?: Record<string, { file_name?: string; sha256?: string }> };
  try {
    listing = JSON.parse(new TextDecoder().decode(await read('pyodide-lock.json'))) as typeof listing;
  } catch (err) {
    throw new Error(
      `--from ${from}: no readable pyodide-lock.json there (${(err as Error).message}); give the folder or URL of a Pyodide ${PYODIDE_VERSION} distribution, the one holding pyodide-lock.json and the wheels`,
    );
  }
  const entry = Object.values(listing.packages ?? {}).find((p) => p.file_name === pkg.file);
  if (!entry)
    throw new Error(
      `--from ${from}: its pyodide-lock.json lists no ${pkg.file}: it is not the Pyodide ${PYODIDE_VERSION} distribution ${LOCK_FILE} was written for`,
    );
  if (entry.sha256 !== pkg.sha256) {
    throw new Error(
      `--from ${from}: its pyodide-lock.json gives ${pkg.file} the sha256 ${entry.sha256}, where ${LOCK_FILE} says ${pkg.sha256}: this is another build of ${pkg.name}; nothing was copied`,
    );
  }
  try {
    return await read(pkg.file);
  } catch (err) {
    throw new Error(`--from ${from}: ${pkg.file} is listed in its pyodide-lock.json but could not be read (${(err as Error).message})`);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function checkedFile(path: string, pkg: LockedPackage): Promise<{ ok: boolean; sha256: string; size: number } | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  const sha256 = sha256Hex(bytes);
  return { ok: sha256 === pkg.sha256 && (pkg.size === null || bytes.length === pkg.size), sha256, size: bytes.length };
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * 2 ** 20, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/** Downloads one wheel with pip into `tmp` and returns its path; the file must be the lock's file name. */
async function fetchWheel(pkg: LockedPackage, tmp: string, python: string): Promise<string> {
  const args = [
    '-m',
    'pip',
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    `${pkg.name}==${pkg.version}`,
    '-d',
    tmp,
  ];
  try {
    await run(python, args);
  } catch (err) {
    const { stderr = '' } = err as { stderr?: string };
    const last = stderr.trim().split('\n').slice(-3).join('\n');
    throw new Error(
      `pip could not download ${pkg.name} ${pkg.version} (${python} ${args.join(' ')}):\n${last || (err as Error).message}\n` +
        `Check that ${python} has pip and can reach PyPI, or copy ${pkg.file} into the wheel cache by hand (it is checked against ${LOCK_FILE}).`,
    );
  }
  const files = await readdir(tmp);
  if (!files.includes(pkg.file)) {
    throw new Error(
      `pip downloaded ${files.join(', ') || 'nothing'} for ${pkg.name} ${pkg.version}, not ${pkg.file} as ${LOCK_FILE} says: fix "file" in the lock, or the pip configuration that chose another wheel`,
    );
  }
  return `${tmp}/${pkg.file}`;
}

/**
 * Makes sure every locked wheel is in the cache with the lock's hash, downloading the missing
 * ones. A cached wheel whose hash differs is downloaded again; a downloaded one whose hash
 * differs is refused (WheelMismatch) and the cache keeps nothing of it.
 */
export async function vendorPackages(options: {
  cacheDir: string;
  lockPath?: string;
  python?: string;
  log?: (line: string) => void;
  /** A Pyodide distribution (folder or URL) for the wheels of `source: "pyodide"`. */
  from?: string;
}): Promise<VendorResult> {
  const lockPath = options.lockPath ?? LOCK_PATH;
  const lock = parseLock(await readFile(lockPath, 'utf8'));
  const dir = wheelDir(options.cacheDir);
  const python = options.python ?? 'python3';
  const log = options.log ?? (() => undefined);
  const result: VendorResult = { lock, dir, downloaded: [], present: [], missing: [] };
  await mkdir(dir, { recursive: true });
  for (const pkg of lock.packages) {
    const path = `${dir}${pkg.file}`;
    const cached = await checkedFile(path, pkg);
    if (cached?.ok) {
      result.present.push(pkg.file);
      continue;
    }
    if (cached) log(`${pkg.file} in the cache has sha256 ${cached.sha256}, not the lock's ${pkg.sha256}: fetching it again`);
    if (pkg.source === 'pyodide') {
      if (!options.from) {
        result.missing.push({ name: pkg.name, file: pkg.file, reason: missingPyodideWheel(pkg) });
        continue;
      }
      const bytes = await fromDistribution(pkg, options.from);
      const got = { sha256: sha256Hex(bytes), size: bytes.length };
      if (got.sha256 !== pkg.sha256) throw new WheelMismatch(pkg, got, options.from);
      await writeFile(`${path}.part`, bytes);
      await rename(`${path}.part`, path);
      result.downloaded.push(pkg.file);
      log(`copied ${pkg.file} from ${options.from} (${got.size} bytes, sha256 ${got.sha256})`);
      continue;
    }
    const tmp = await mkdtemp(`${dir}.download-`);
    try {
      const downloaded = await fetchWheel(pkg, tmp, python);
      const got = await checkedFile(downloaded, pkg);
      if (!got) throw new Error(`pip reported ${downloaded} but it cannot be read`);
      if (!got.ok) throw new WheelMismatch(pkg, got, `pip (${pkg.name}==${pkg.version})`);
      await rm(path, { force: true });
      await rename(downloaded, path);
      result.downloaded.push(pkg.file);
      log(`downloaded ${pkg.file} (${got.size} bytes, sha256 ${got.sha256})`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return result;
}

/** Whether every locked wheel is already in the cache (by name and size: cheap, for the build's check). */
export async function wheelsPresent(lock: PackageLock, cacheDir: string): Promise<boolean> {
  const dir = wheelDir(cacheDir);
  for (const pkg of lock.packages) {
    const size = await stat(`${dir}${pkg.file}`).then(
      (s) => s.size,
      () => -1,
    );
    // A Pyodide-built wheel is optional: without it the build verifies its cells natively.
    if (pkg.source === 'pyodide') continue;
    if (size !== pkg.size) return false;
  }
  return true;
}
