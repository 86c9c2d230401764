/**
 * A chapter whose Python cells need a package the engine cannot load at build (a wheel built for
 * Pyodide, such as NumPy's, that no distribution provided: see vendor-packages.ts) is verified on
 * the build machine's own CPython instead. The whole page's Python runs there, in order (cells share
 * a namespace), and its outputs are baked with that interpreter's name on every metrics line, so
 * nothing claims to come from the engine. If the native CPython cannot run them either, the build
 * fails and names every cell that went unverified: a page is never baked unverified.
 */
import { stat } from 'node:fs/promises';
import { packagesForCell, type PackageLock } from '../../engine/packages.ts';
import type { RunResult } from '../../engine/protocol.ts';
import type { ExecRequest, PageRun } from './remark-cells.ts';
import { nativePython, runNative } from './native-python.ts';
import { wheelDir } from './vendor-packages.ts';

/** Names of the locked packages whose wheel is not in the cache (only `source: "pyodide"` may be missing). */
export async function absentPackages(lock: PackageLock, cacheDir: string): Promise<Set<string>> {
  const absent = new Set<string>();
  for (const pkg of lock.packages) {
    if (pkg.source !== 'pyodide') continue;
    const here = await stat(`${wheelDir(cacheDir)}${pkg.file}`).then(
      () => true,
      () => false,
    );
    if (!here) absent.add(pkg.name);
  }
  return absent;
}

/** The page's Python steps that need an absent package, with the names they need. Pure. */
export function stepsNeedingAbsent(
  requests: ExecRequest[],
  lock: PackageLock,
  absent: Set<string>,
): Array<{ cellId: string; names: string[] }> {
  if (!absent.size) return [];
  return requests.flatMap((r) => {
    if (r.lang !== 'python') return [];
    const names = packagesForCell(lock, r.code, r.packages ?? [])
      .map((p) => p.name)
      .filter((n) => absent.has(n));
    return names.length ? [{ cellId: r.cellId, names }] : [];
  });
}

/** The build error when the native CPython cannot stand in either. Pure. */
export function unverifiedMessage(needy: Array<{ cellId: string; names: string[] }>, why: string): string {
  const names = [...new Set(needy.flatMap((n) => n.names))].join(', ');
  return (
    `${needy.length} cell(s) need ${names}, which the engine cannot load at build (not vendored: npm run vendor:packages -- --from <Pyodide distribution>) ` +
    `and the native CPython could not run either (${why}): install it there (python3 -m pip install -r requirements-native.txt) ` +
    `or vendor the wheel. Unverified: ${needy.map((n) => n.cellId).join(', ')}.`
  );
}

const VERSIONS = (names: string[]) =>
  `import importlib.metadata as _m; print(", ".join(f"{n} {_m.version(n)}" for n in ${JSON.stringify(names)}), end="")`;

/**
 * Runs the page's Python on the native CPython and returns its results in the engine's place,
 * with `engines.python` naming that interpreter, the packages' versions and why. JavaScript steps
 * run as usual through `runEngine`.
 */
export async function runSubstitute(
  requests: ExecRequest[],
  needy: Array<{ cellId: string; names: string[] }>,
  runEngine: (requests: ExecRequest[]) => Promise<PageRun>,
): Promise<PageRun> {
  const names = [...new Set(needy.flatMap((n) => n.names))];
  const python = requests.filter((r) => r.lang === 'python');
  const probe: ExecRequest = { cellId: 'heapbook-versions', lang: 'python', code: VERSIONS(names), timeoutMs: 30_000 };
  let native;
  try {
    native = await runNative([...python, probe]);
  } catch (err) {
    throw new Error(unverifiedMessage(needy, `${nativePython()}: ${(err as Error).message}`));
  }
  const versions = native.results.at(-1);
  const missingModule = native.results.find(
    (r) => r?.error?.type === 'ModuleNotFoundError' && names.some((n) => r.error?.message.includes(`'${n}`)),
  );
  if (!versions || versions.status !== 'ok' || missingModule) {
    const why = missingModule?.error?.message ?? versions?.error?.message ?? 'it stopped before the cells ran';
    throw new Error(unverifiedMessage(needy, `${nativePython()}: ${why}`));
  }
  const stood = versions.stream.map((c) => c.text).join('');
  const js = requests.filter((r) => r.lang !== 'python');
  const jsRun = js.length ? await runEngine(js) : { engines: {}, results: [] };
  const nativeFor = new Map<ExecRequest, RunResult | null>(python.map((r, i) => [r, native.results[i] ?? null]));
  const jsFor = new Map<ExecRequest, RunResult>(js.map((r, i) => [r, jsRun.results[i]!]));
  // A step the native run never reached (it stopped at a time limit) did not finish: judged as such.
  const stopped = (r: ExecRequest): RunResult => ({
    cellId: r.cellId,
    status: 'timeout',
    stream: [],
    value: null,
    error: null,
    metrics: null,
    notice: `the native run on ${native.platform} stopped before this step`,
  });
  return {
    engines: {
      ...jsRun.engines,
      python: `on ${native.platform} with ${stood}, not this book's engine, which could not load ${names.join(', ')} at build (not vendored)`,
    },
    results: requests.map((r) => (r.lang === 'python' ? (nativeFor.get(r) ?? stopped(r)) : jsFor.get(r)!)),
  };
}
