/**
 * Writes the built site's headers, once its pages exist: `_headers` (static hosts, `npm run
 * preview`) and `heapbook-headers.nginx.conf` (nginx), both with the Content-Security-Policy whose
 * hashes come from the inline scripts and styles of every built page.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { inlineHashes, jsEngineWorkerPolicy, pagePolicy } from './content-security-policy.ts';
import { headersFile, nginxInclude, siteHeaderRules, type HeaderRule } from './site-headers.ts';

/** The JavaScript engine's worker as Vite names it in the assets folder. */
const JS_WORKER = /^js-engine-worker-[\w-]+\.js$/;

export const NGINX_INCLUDE = 'heapbook-headers.nginx.conf';

/** Computes the rules from the built site in `out`, served under `base` with assets in `assetsDir`. */
export async function builtSiteRules(out: string, site: { base: string; assetsDir: string }): Promise<HeaderRule[]> {
  const files = await readdir(out, { recursive: true });
  const pages = await Promise.all(files.filter((f) => f.endsWith('.html')).map((f) => readFile(`${out}/${f}`, 'utf8')));
  const workers = (await readdir(`${out}/${site.assetsDir}`)).filter((f) => JS_WORKER.test(f));
  // Without its own policy the worker would get the pages' policy and every JavaScript cell would
  // fail with an EvalError: stop the build instead if the worker's name ever changes.
  if (workers.length !== 1) {
    throw new Error(
      `expected one JavaScript engine worker (js-engine-worker-*.js) in ${out}/${site.assetsDir}, found ${workers.length}: ${workers.join(', ')}`,
    );
  }
  const base = site.base.replace(/\/?$/, '/');
  const packageBase = process.env['HEAPBOOK_PACKAGE_BASE_URL'] ?? '';
  const packageOrigin = /^https?:\/\//.test(packageBase) ? new URL(packageBase).origin : null;
  return siteHeaderRules(
    {
      page: pagePolicy(inlineHashes(pages), packageOrigin),
      jsWorkerPath: `${base}${site.assetsDir}/js-engine-worker-*`,
      jsWorker: jsEngineWorkerPolicy(),
    },
    base,
    // Vite names every asset by its content's hash; the engine's snapshot carries its own.
    [`${base}${site.assetsDir}/*`, `${base}pyodide/heapbook-snapshot.*.bin`],
  );
}

/** Writes `_headers` and the nginx include into `out`; returns the rules. */
export async function writeSiteHeaders(out: string, site: { base: string; assetsDir: string }): Promise<HeaderRule[]> {
  const rules = await builtSiteRules(out, site);
  await writeFile(`${out}/_headers`, headersFile(rules));
  await writeFile(`${out}/${NGINX_INCLUDE}`, nginxInclude(rules, site.base));
  return rules;
}
