/**
 * Extra Python packages for the engine: the lock (`packages.lock.json` at the repository's root)
 * that names each one, which of them a cell needs, and the errors a failed load gives. Pure: no
 * file system, no network, no Pyodide; the page, the worker, the build and the tests share it.
 *
 * The lock is the only list of packages a cell may load. Each entry names one wheel by file name,
 * size and SHA-256; `npm run vendor:packages` downloads the wheels into `.heapbook-cache/wheels/`
 * and refuses any whose hash differs, the build copies them into `dist/pyodide/packages/`, and the
 * engine checks size and hash again before it installs one.
 */

/** The lock's file name, at the repository's root. Errors name it. */
export const LOCK_FILE = 'packages.lock.json';

/** Where the build puts the wheels, under the site's Pyodide folder (`dist/pyodide/packages/`). */
export const PACKAGES_DIR = 'packages/';

/** One package of the lock: one wheel, pinned. */
export interface LockedPackage {
  /** The distribution's name as the lock and `#| packages:` spell it, e.g. `objgraph`. */
  name: string;
  version: string;
  /** The wheel's file name, e.g. `objgraph-3.7.0-py3-none-any.whl`. */
  file: string;
  /** The wheel's SHA-256, 64 lowercase hex digits. */
  sha256: string;
  /** The wheel's size in bytes; null for a Pyodide-built wheel, which its distribution pins by sha256 only. */
  size: number | null;
  /** Top-level module names the package provides: a cell importing one of them needs the package. */
  imports: string[];
  /**
   * Where `npm run vendor:packages` gets the wheel: `pypi` (pip download), or `pyodide`: a wheel built
   * for this engine that only a Pyodide distribution carries (`--from <folder or URL>`, checked
   * against that distribution's `pyodide-lock.json`).
   */
  source: 'pypi' | 'pyodide';
  /** Where the wheel was published, for people (null for `pyodide`): the vendoring script asks pip, not this URL. */
  url: string | null;
}

export interface PackageLock {
  lockVersion: 1;
  packages: LockedPackage[];
}

/** A package the engine is asked to install: the lock's entry and the URL or path to read it from. */
export interface PackageRequest {
  name: string;
  version: string;
  file: string;
  sha256: string;
  size: number | null;
  imports: string[];
  /** An absolute URL (http:, https:, file:) or, in Node, an absolute file path. */
  url: string;
}

/** Progress of loading a cell's packages, for the line the cell shows meanwhile. */
export interface PackageProgress {
  name: string;
  version: string;
  size: number | null;
  stage: 'download' | 'install' | 'done';
}

/** What loading a cell's packages gave: the packages now installed, or the first that failed and why. */
export type PackageLoadResult =
  | { ok: true; loaded: Array<{ name: string; version: string; size: number | null; ms: number }> }
  | { ok: false; name: string; url: string; message: string };

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const MODULE = /^[A-Za-z_]\w*$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** A name as PEP 503 compares them: `Foo_Bar` and `foo-bar` are one package. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A mistake in the lock file, with what to change. */
export class LockError extends Error {
  constructor(message: string) {
    super(`${LOCK_FILE}: ${message}`);
    this.name = 'LockError';
  }
}

/** Parses and checks the lock's text; throws a LockError naming the entry and the field. */
export function parseLock(text: string): PackageLock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LockError(`is not valid JSON (${(err as Error).message})`);
  }
  return checkLock(data);
}

/** Checks a lock already parsed from JSON (the page imports it as a module). */
export function checkLock(data: unknown): PackageLock {
  if (!isRecord(data)) throw new LockError('must be a JSON object with "lockVersion": 1 and "packages": [...]');
  if (data['lockVersion'] !== 1) throw new LockError(`"lockVersion" must be 1, not ${JSON.stringify(data['lockVersion'])}`);
  const list = data['packages'];
  if (!Array.isArray(list)) throw new LockError('"packages" must be a list of packages');
  const seen = new Map<string, string>();
  const modules = new Map<string, string>();
  const packages = list.map((entry: unknown, i): LockedPackage => {
    const where = `package ${i + 1}${isRecord(entry) && typeof entry['name'] === 'string' ? ` ("${entry['name']}")` : ''}`;
    if (!isRecord(entry)) throw new LockError(`${where} must be an object`);
    const text = (field: string): string => {
      const value = entry[field];
      if (typeof value !== 'string' || !value) throw new LockError(`${where}: "${field}" must be a non-empty string`);
      return value;
    };
    const name = text('name');
    if (!NAME.test(name)) throw new LockError(`${where}: "name" must be a package name such as objgraph, not "${name}"`);
    const version = text('version');
    const file = text('file');
    const normal = normalizeName(name).replaceAll('-', '_');
    if (!file.endsWith('.whl') || file.includes('/') || normalizeName(file.split('-')[0] ?? '').replaceAll('-', '_') !== normal) {
      throw new LockError(
        `${where}: "file" must be the wheel's file name, starting with the package's name (e.g. ${normal}-${version}-py3-none-any.whl), not "${file}"`,
      );
    }
    if (file.split('-')[1] !== version) throw new LockError(`${where}: "file" ${file} is not version ${version}`);
    const sha256 = text('sha256');
    if (!SHA256.test(sha256)) throw new LockError(`${where}: "sha256" must be 64 lowercase hex digits, not "${sha256}"`);
    const source = text('source');
    if (source !== 'pypi' && source !== 'pyodide') {
      throw new LockError(
        `${where}: "source" must be "pypi" (pip download) or "pyodide" (a Pyodide distribution, vendored with --from), not "${source}"`,
      );
    }
    const size = entry['size'];
    const sizeOk = typeof size === 'number' && Number.isInteger(size) && size > 0;
    if (!sizeOk && !(source === 'pyodide' && size === null)) {
      throw new LockError(
        `${where}: "size" must be the wheel's size in bytes${source === 'pyodide' ? ', or null (a Pyodide distribution pins its wheels by sha256 only)' : ''}`,
      );
    }
    const imports = entry['imports'];
    if (!Array.isArray(imports) || imports.length === 0 || !imports.every((m) => typeof m === 'string' && MODULE.test(m))) {
      throw new LockError(`${where}: "imports" must list the top-level modules the package provides, e.g. ["${normal}"]`);
    }
    let url: string | null = null;
    if (source === 'pypi') {
      url = text('url');
      if (!url.startsWith('https://')) throw new LockError(`${where}: "url" must be the https URL the wheel was published at`);
    } else if (entry['url'] !== null) {
      throw new LockError(`${where}: "url" must be null for a "pyodide" wheel: it comes from the Pyodide distribution given to --from`);
    }
    const key = normalizeName(name);
    if (seen.has(key)) throw new LockError(`${where}: "${name}" is locked twice`);
    seen.set(key, name);
    for (const module of imports as string[]) {
      const other = modules.get(module);
      if (other) throw new LockError(`${where}: module "${module}" is provided by "${other}" too; one package per module`);
      modules.set(module, name);
    }
    return { name, version, file, sha256, size: sizeOk ? (size as number) : null, imports: [...(imports as string[])], source, url };
  });
  return { lockVersion: 1, packages };
}

/** The lock's entry for a name, or undefined. */
export function findPackage(lock: PackageLock, name: string): LockedPackage | undefined {
  const key = normalizeName(name);
  return lock.packages.find((p) => normalizeName(p.name) === key);
}

/** The error for a `#| packages:` name the lock does not have. */
export function unknownPackageMessage(lock: PackageLock, name: string): string {
  const known = lock.packages.map((p) => p.name).join(', ') || 'none yet';
  return `package "${name}" is not in ${LOCK_FILE} (locked: ${known}): add it there with its wheel's file name, size and sha256, then run npm run vendor:packages`;
}

/**
 * The top-level modules a cell imports, by reading its lines: `import a.b, c as d` and
 * `from a.b import c` at any indentation (an import inside a function counts: the function may run).
 * Relative imports (`from . import x`) name no package. Strings that merely look like imports
 * count too, which at worst loads a package early.
 */
export function importedModules(code: string): string[] {
  const found = new Set<string>();
  for (const raw of code.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    const from = /^\s*from\s+([A-Za-z_]\w*)(?:\.[\w.]*)?\s+import\b/.exec(line);
    if (from?.[1]) found.add(from[1]);
    const imp = /^\s*import\s+(.+)$/.exec(line);
    if (imp?.[1]) {
      for (const part of imp[1].split(',')) {
        const name = /^\s*\(?\s*([A-Za-z_]\w*)/.exec(part)?.[1];
        if (name) found.add(name);
      }
    }
    // `x = 1; import objgraph` on one line
    for (const m of line.matchAll(/;\s*(?:import\s+([A-Za-z_]\w*)|from\s+([A-Za-z_]\w*)[\w.]*\s+import\b)/g)) {
      const name = m[1] ?? m[2];
      if (name) found.add(name);
    }
  }
  return [...found];
}

/**
 * The packages a cell needs, in the lock's order: those it declares (`#| packages:`, already
 * checked against the lock) and those whose modules it imports.
 */
export function packagesForCell(lock: PackageLock, code: string, declared: readonly string[] = []): LockedPackage[] {
  const modules = new Set(importedModules(code));
  const wanted = new Set(declared.map(normalizeName));
  return lock.packages.filter((p) => wanted.has(normalizeName(p.name)) || p.imports.some((m) => modules.has(m)));
}

/** The request for one package, read from `baseURL` (a URL or, in Node, a directory path, ending in `/`). */
export function packageRequest(entry: LockedPackage, baseURL: string): PackageRequest {
  const base = baseURL.endsWith('/') ? baseURL : `${baseURL}/`;
  const url = /^[a-z][a-z0-9+.-]*:/i.test(base) ? new URL(entry.file, base).href : `${base}${entry.file}`;
  return {
    name: entry.name,
    version: entry.version,
    file: entry.file,
    sha256: entry.sha256,
    size: entry.size,
    imports: entry.imports,
    url,
  };
}

/** What to do when a package did not load, by what went wrong. */
export const PACKAGE_FIXES = {
  missing: `run npm run vendor:packages and build again (a wheel built for Pyodide, such as NumPy's, needs --from <Pyodide distribution folder or URL>), or fix the package base URL (HEAPBOOK_PACKAGE_BASE_URL)`,
  hash: `the file is not the wheel ${LOCK_FILE} names: run npm run vendor:packages and build again, and check that the package base URL serves this build's wheels`,
  install: `check that the wheel is a pure-Python or pyemscripten wheel and that its "imports" in ${LOCK_FILE} are right`,
} as const;

/** Bytes for people: 17951 -> "17.5 KiB"; null (a size the lock does not pin) -> "size not locked". */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return 'size not locked';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
