/**
 * Downloads the wheels `packages.lock.json` names into `.heapbook-cache/wheels/` with pip, keeping
 * only those whose SHA-256 is the lock's.   npm run vendor:packages
 * Wheels built for Pyodide (NumPy's) come from a Pyodide distribution, checked against its lock:
 *   npm run vendor:packages -- --from /path/or/https/url/of/pyodide/dist
 * The build runs the same when a wheel is missing; run it by hand after changing the lock.
 */
import { LOCK_FILE } from '../engine/packages.ts';
import { vendorPackages } from '../src/build/vendor-packages.ts';

const cacheDir = new URL('../.heapbook-cache/', import.meta.url).pathname;

const args = process.argv.slice(2);
const at = args.indexOf('--from');
const from = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && !from) {
  console.error('--from needs the folder or URL of a Pyodide distribution (the one holding pyodide-lock.json)');
  process.exit(2);
}

try {
  const result = await vendorPackages({ cacheDir, log: (line) => console.log(line), ...(from ? { from } : {}) });
  for (const gap of result.missing) console.log(gap.reason);
  for (const file of result.present) console.log(`${file}: in the cache, sha256 checked`);
  console.log(
    `${result.lock.packages.length} package(s) of ${LOCK_FILE} in ${result.dir} (${result.downloaded.length} fetched now, ${result.missing.length} missing)`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
