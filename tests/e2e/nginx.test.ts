/**
 * The built site served by real nginx (Debian's), as the README tells a hosting team to serve it:
 * under a sub-path base, with exactly the shipped `heapbook-headers.nginx.conf` and the README's
 * server block (only its paths and port replaced). nginx runs as a child process, not a daemon,
 * with everything it writes in a temporary folder.
 *
 * It needs the site built under the base /training/heapbook into dist-subpath/
 * (`npm run build:subpath`, a step of `npm test`), and nginx (`apt-get install nginx`, with
 * `libnginx-mod-http-brotli-static` for the .br twins; `.ci/run` installs both).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, replaceCode } from '../../scripts/chromium.ts';
import { CACHE_IMMUTABLE } from '../../src/build/site-headers.ts';

const OUT = resolve('dist-subpath');
const BASE = '/training/heapbook';
const NGINX = process.env['HEAPBOOK_NGINX'] ?? '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
/** The folders the README's server block names: its root, and dist/ copied under it at the base path. */
const README_ROOT = '/srv/www';

let nginx: ChildProcess;
let nginxLog = '';
let dir: string;
let port: number;
let browser: Browser;
let brotli: boolean;

/** The README's nginx server block, as a hosting team copies it. */
function readmeServerBlock(): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = /```nginx\n(server \{[\s\S]*?\n\})\n```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```nginx block with a server { ... } in it');
  return block;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => ok(p));
    });
  });
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every header line as sent, to count repeated names. */
  raw: string[];
  body: Buffer;
}

/** A GET as it went over the wire: no decompression, the Accept-Encoding given. */
function get(path: string, acceptEncoding = ''): Promise<Response> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, raw: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

const count = (response: Response, name: string) =>
  response.raw.filter((_, i) => i % 2 === 0 && response.raw[i]?.toLowerCase() === name).length;
const header = (response: Response, name: string) => {
  expect(count(response, name), `one ${name} header`).toBe(1);
  return String(response.headers[name]);
};

/** The one built file matching a pattern, as a path under the base. */
function builtFile(folder: string, pattern: RegExp): string {
  const found = readdirSync(join(OUT, folder)).filter((f) => pattern.test(f));
  expect(found, `${folder}/ files matching ${pattern}`).toHaveLength(1);
  return `${BASE}/${folder}/${found[0]}`;
}

/** The site's policy and the worker's, as the build wrote them into the nginx include. */
function shippedPolicies(): { page: string; worker: string } {
  const include = readFileSync(join(OUT, 'heapbook-headers.nginx.conf'), 'utf8');
  const policies = [...include.matchAll(/add_header Content-Security-Policy "([^"]+)" always;/g)].map((m) => m[1] ?? '');
  const page = policies[0] ?? '';
  const worker = policies.find((p) => p.includes("'unsafe-eval'")) ?? '';
  expect(page).toContain("'wasm-unsafe-eval'");
  expect(worker).toContain("'unsafe-eval'");
  return { page, worker };
}

beforeAll(async () => {
  const include = join(OUT, 'heapbook-headers.nginx.conf');
  if (!existsSync(include) || !readFileSync(include, 'utf8').includes(`error_page 404 ${BASE}/404.html;`)) {
    throw new Error(`${include} is missing or was not built under ${BASE}: run "npm run build:subpath" first`);
  }
  if (!existsSync(NGINX))
    throw new Error(`no nginx at ${NGINX}: apt-get install -y nginx libnginx-mod-http-brotli-static (or HEAPBOOK_NGINX=/path)`);
  const version = spawnSync(NGINX, ['-V'], { encoding: 'utf8' }).stderr;
  brotli = existsSync(BROTLI_MODULE);
  console.log(
    `nginx: ${version.split('\n')[0]}; gzip_static ${/--with-http_gzip_static_module/.test(version) ? 'built in' : 'MISSING'}; brotli_static ${brotli ? `from ${BROTLI_MODULE}` : 'not installed (.br twins not served)'}`,
  );
  if (!brotli)
    console.warn(`nginx test: ${BROTLI_MODULE} is missing, so only gzip is checked (apt-get install libnginx-mod-http-brotli-static)`);

  dir = mkdtempSync(join(tmpdir(), 'heapbook-nginx-'));
  chmodSync(dir, 0o755);
  // dist-subpath/ where the README puts dist/: under the server's root, at the base path.
  mkdirSync(join(dir, 'www/training'), { recursive: true });
  symlinkSync(OUT, join(dir, `www${BASE}`));
  port = await freePort();

  let server = readmeServerBlock();
  for (const needed of [
    'listen 80;',
    `root ${README_ROOT};`,
    `include ${README_ROOT}${BASE}/heapbook-headers.nginx.conf;`,
    'gzip_static on;',
    'brotli_static on;',
  ]) {
    expect(server, 'the README server block').toContain(needed);
  }
  server = server.replace('listen 80;', `listen 127.0.0.1:${port};`).replaceAll(README_ROOT, join(dir, 'www'));
  if (!brotli) server = server.replace(/^.*brotli_static on;.*$/m, '');
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  const conf = [
    ...(brotli ? [`load_module ${BROTLI_MODULE};`] : []),
    'daemon off;',
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    // What Debian's /etc/nginx/nginx.conf has in its http block.
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    '    sendfile on;',
    `    access_log ${join(dir, 'access.log')};`,
    `    ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
    server,
    '}',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `${conf}\n`);
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}\n${conf}`);

  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stderr?.on('data', (d: Buffer) => (nginxLog += d.toString()));
  const exited = new Promise<never>((_, fail) => nginx.once('exit', (code) => fail(new Error(`nginx exited with ${code}: ${nginxLog}`))));
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (
        await get(`${BASE}/en/`).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not answer on port ${port} within 10 s: ${nginxLog}`);
  })();
  await Promise.race([ready, exited]);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((done) => nginx.once('exit', done));
    nginx.kill('SIGQUIT');
    await gone;
  }
  const errors = dir && existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  if (/\[(emerg|alert|crit)\]/.test(errors)) console.error(`nginx error.log:\n${errors}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('nginx with the shipped include and the README server block, under /training/heapbook', () => {
  it('sends the isolation headers, the policy and no-cache with the pages, and a 404 page', async () => {
    const { page: policy } = shippedPolicies();
    for (const path of [`${BASE}/en/`, `${BASE}/en/gc/`, `${BASE}/zh-cn/intro/`]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(header(response, 'content-type'), path).toBe('text/html');
      expect(header(response, 'cross-origin-opener-policy')).toBe('same-origin');
      expect(header(response, 'cross-origin-embedder-policy')).toBe('require-corp');
      expect(header(response, 'cross-origin-resource-policy')).toBe('same-origin');
      expect(header(response, 'x-content-type-options')).toBe('nosniff');
      expect(header(response, 'content-security-policy')).toBe(policy);
      expect(header(response, 'cache-control')).toBe('no-cache');
    }
    // The address a team gives out, the base path itself, has a page offering both languages (no 403).
    const front = await get(`${BASE}/`);
    expect(front.status).toBe(200);
    expect(header(front, 'cache-control')).toBe('no-cache');
    expect(front.body.toString()).toContain(`href="${BASE}/en/"`);
    expect(front.body.toString()).toContain(`href="${BASE}/zh-cn/"`);
    const missing = await get(`${BASE}/en/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('404');
    expect(header(missing, 'content-security-policy')).toBe(policy);
    expect(header(missing, 'cross-origin-embedder-policy')).toBe('require-corp');
    console.log(
      `nginx: page headers ${JSON.stringify(Object.fromEntries(Object.entries((await get(`${BASE}/en/gc/`)).headers).filter(([n]) => n !== 'content-security-policy')))}`,
    );
  });

  it("gives the JavaScript engine's worker its own policy alone, and hashed files a year's immutable cache", async () => {
    const { page: policy, worker: workerPolicy } = shippedPolicies();
    const worker = await get(builtFile('_astro', /^js-engine-worker-.*\.js$/));
    expect(worker.status).toBe(200);
    expect(header(worker, 'content-security-policy')).toBe(workerPolicy);
    expect(header(worker, 'cross-origin-embedder-policy')).toBe('require-corp');
    expect(header(worker, 'cache-control')).toBe(CACHE_IMMUTABLE);
    expect(header(worker, 'content-type')).toBe('text/javascript');
    for (const path of [builtFile('_astro', /^engine-worker-.*\.js$/), builtFile('pyodide', /^heapbook-snapshot\.[0-9a-f]+\.bin$/)]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(header(response, 'cache-control'), path).toBe(CACHE_IMMUTABLE);
      expect(header(response, 'content-security-policy'), path).toBe(policy);
      expect(header(response, 'cross-origin-opener-policy'), path).toBe('same-origin');
    }
    for (const path of [`${BASE}/pyodide/pyodide.asm.wasm`, `${BASE}/pyodide/heapbook-snapshot.json`]) {
      expect(header(await get(path), 'cache-control'), path).toBe('no-cache');
    }
    console.log(
      `nginx: worker ${JSON.stringify({ 'content-security-policy': workerPolicy, 'cache-control': worker.headers['cache-control'] })}`,
    );
  });

  it("serves the engine's files with the types browsers require", async () => {
    const types: Record<string, string> = {
      'pyodide/pyodide.mjs': 'text/javascript',
      'pyodide/pyodide.asm.mjs': 'text/javascript',
      'pyodide/pyodide.asm.wasm': 'application/wasm',
      'pyodide/python_stdlib.zip': 'application/zip',
      'pyodide/heapbook-snapshot.json': 'application/json',
    };
    // The vendored wheels of packages.lock.json.
    for (const wheel of readdirSync(join(OUT, 'pyodide/packages')).filter((f) => f.endsWith('.whl')))
      types[`pyodide/packages/${wheel}`] = 'application/zip';
    expect(Object.keys(types).length).toBeGreaterThan(5);
    for (const [file, type] of Object.entries(types)) {
      const response = await get(`${BASE}/${file}`);
      expect(response.status, file).toBe(200);
      expect(header(response, 'content-type'), file).toBe(type);
    }
  });

  it('sends the precompressed twins with the right Content-Encoding, and the plain file otherwise', async () => {
    const wasm = `${BASE}/pyodide/pyodide.asm.wasm`;
    const page = `${BASE}/en/gc/`;
    const files = { [wasm]: readFileSync(join(OUT, 'pyodide/pyodide.asm.wasm')), [page]: readFileSync(join(OUT, 'en/gc/index.html')) };
    for (const [path, original] of Object.entries(files)) {
      const gz = await get(path, 'gzip');
      expect(header(gz, 'content-encoding'), path).toBe('gzip');
      expect(Number(gz.headers['content-length']), path).toBe(
        readFileSync(join(OUT, `${path.slice(BASE.length + 1).replace(/\/$/, '/index.html')}.gz`)).length,
      );
      expect(gunzipSync(gz.body).equals(original), path).toBe(true);
      expect(String(gz.headers['vary'])).toMatch(/Accept-Encoding/i);

      const br = await get(path, 'gzip, deflate, br');
      if (brotli) {
        expect(header(br, 'content-encoding'), path).toBe('br');
        expect(br.body.length, path).toBe(
          readFileSync(join(OUT, `${path.slice(BASE.length + 1).replace(/\/$/, '/index.html')}.br`)).length,
        );
        expect(brotliDecompressSync(br.body).equals(original), path).toBe(true);
      } else {
        expect(header(br, 'content-encoding'), path).toBe('gzip');
      }

      const plain = await get(path);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.body.equals(original), path).toBe(true);
    }
    const wasmBr = await get(wasm, 'br');
    console.log(
      `nginx: ${wasm} ${files[wasm]!.length} bytes plain, ${(await get(wasm, 'gzip')).body.length} gzip, ${brotli ? `${wasmBr.body.length} br` : 'no br'}`,
    );
  });
});

describe('the book in Chromium, served by nginx', () => {
  async function open(path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(`http://127.0.0.1:${port}${path}`);
    expect(response?.status(), path).toBe(200);
    return page;
  }
  const firstCell = (page: Page) => page.locator('heapbook-cell:not([hidden])').first();
  const liveOutput = (page: Page) => firstCell(page).locator(':scope > .hb-output:not([data-old]):not([data-status="running"])');
  async function run(page: Page, code: string): Promise<{ status: string | null; text: string }> {
    const cell = firstCell(page);
    await replaceCode(page, cell, code);
    await cell.locator(':scope > .hb-output').evaluate((el) => el.setAttribute('data-old', ''));
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    const output = liveOutput(page);
    await output.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).waitFor({ timeout: 90_000 });
    return { status: await output.getAttribute('data-status'), text: await output.innerText() };
  }

  it('is cross-origin isolated; a Python cell runs, and Stop raises KeyboardInterrupt in while True: pass', async () => {
    const page = await open(`${BASE}/en/gc/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const result = await run(page, 'print(sum(range(10)))');
    expect(result.status).toBe('ok');
    expect(result.text).toContain('45');
    expect(await page.locator('.hb-engine-state[data-lang="python"]').getAttribute('data-snapshot')).toBe('loaded');

    const cell = firstCell(page);
    await replaceCode(page, cell, 'while True: pass');
    await cell.locator(':scope > .hb-output').evaluate((el) => el.setAttribute('data-old', ''));
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell.getAttribute('data-state'), { timeout: 10_000 }).toBe('running');
    await page.waitForTimeout(300);
    const stoppedAt = Date.now();
    await cell.getByRole('button', { name: 'Stop' }).click();
    const output = liveOutput(page);
    await output.waitFor({ timeout: 10_000 });
    const stopMs = Date.now() - stoppedAt;
    expect(await output.getAttribute('data-status')).toBe('interrupted');
    expect(await output.locator('.hb-error').innerText()).toMatch(/KeyboardInterrupt$/);
    expect(stopMs).toBeLessThan(2_000);
    console.log(`nginx: Stop to KeyboardInterrupt in ${stopMs} ms`);
    await page.context().close();
  });

  it("registers the service worker under the base path; a reload goes through it, isolated, with the server's policy kept", async () => {
    const worker = await get(`${BASE}/heapbook-sw.js`);
    expect(worker.status).toBe(200);
    expect(header(worker, 'content-type')).toMatch(/^text\/javascript/);
    expect(header(worker, 'cache-control')).toBe('no-cache');
    const page = await open(`${BASE}/en/intro/`);
    const scope = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? null);
    await expect.poll(scope, { timeout: 30_000 }).toBe(`http://127.0.0.1:${port}${BASE}/heapbook-sw.js`);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(
      `http://127.0.0.1:${port}${BASE}/`,
    );
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const { page: policy } = shippedPolicies();
    expect(await response?.headerValue('content-security-policy')).toBe(policy);
    const result = await run(page, 'print(sum(range(10)))');
    expect(result.status).toBe('ok');
    expect(result.text).toContain('45');
    await page.context().close();
  });

  it("a JavaScript cell runs, evaluating code under its worker's own policy", async () => {
    const page = await open(`${BASE}/en/js-closures/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const result = await run(page, "const times = new Function('a', 'b', 'return a * b');\ntimes(6, 7)");
    expect(result.status).toBe('ok');
    expect(result.text).toContain('42');
    await page.context().close();
  });
});
