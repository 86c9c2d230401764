/**
 * Downloads the wheels `packages.lock.json` names into `.heapbook-cache/wheels/` with pip, keeping
 * only those whose SHA-256 is the lock's.   npm run vendor:packages
 * The build runs the same when a wheel is missing; run it by hand after changing the lock.
 */
import { LOCK_FILE } from '../workers/packages.ts';
import { vendorPackages } from '../src/build/vendor-packages.ts';

const cacheDir = new URL('../.heapbook-cache/', import.meta.url).pathname;

try {
  const result = await vendorPackages({ cacheDir, log: (line) => console.log(line) });
  for (const file of result.present) console.log(`${file}: in the cache, sha256 checked`);
  console.log(`${result.lock.packages.length} package(s) of ${LOCK_FILE} in ${result.dir} (${result.downloaded.length} downloaded now)`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
