/**
 * The baseline of issue 5: a bare page that starts Pyodide from node_modules in a module Web
 * Worker and runs `1+1`, with nothing of the book around it. It is served with the site's headers
 * (cross-origin isolated, like the book) and without compression: Pyodide's files as they come,
 * the 13.5 MB the byte target is set against.
 */
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import sirv from 'sirv';
import { siteHeaders } from '../../src/build/site-headers.ts';

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Baseline: bare Pyodide in a module worker</title>
<p id="result">Starting Pyodide…</p>
<script type="module">
  const worker = new Worker('/worker.mjs', { type: 'module', name: 'baseline' });
  const waiting = new Map();
  let nextId = 1;
  let started;
  const ready = new Promise((resolve, reject) => (started = { resolve, reject }));
  worker.addEventListener('error', (event) => started.reject(new Error(event.message || 'the worker did not start')));
  worker.addEventListener('message', ({ data }) => {
    if (data.id !== 0) {
      waiting.get(data.id)?.(data);
      waiting.delete(data.id);
      return;
    }
    const at = performance.now();
    document.getElementById('result').textContent = data.error ?? data.result;
    if (data.error) started.reject(new Error(data.error));
    else started.resolve({ at, result: data.result, version: data.version });
  });
  window.baseline = {
    ready,
    run: (code) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        worker.postMessage({ id, code });
      }),
  };
</script>
`;

const WORKER = `import { loadPyodide } from '/pyodide/pyodide.mjs';
try {
  const pyodide = await loadPyodide({ indexURL: new URL('/pyodide/', location.href).href });
  self.onmessage = ({ data }) => {
    try {
      postMessage({ id: data.id, result: String(pyodide.runPython(data.code)) });
    } catch (err) {
      postMessage({ id: data.id, error: String(err) });
    }
  };
  postMessage({ id: 0, result: String(pyodide.runPython('1+1')), version: pyodide.version });
} catch (err) {
  postMessage({ id: 0, error: String(err) });
}
`;

/** Serves the baseline page at `/`, its worker, and node_modules/pyodide at `/pyodide/`. */
export function serveBaseline(port: number): Promise<Server> {
  const pyodideDir = dirname(fileURLToPath(import.meta.resolve('pyodide/pyodide.mjs')));
  const applyHeaders = (res: { setHeader(name: string, value: string): unknown }) => {
    for (const [name, value] of Object.entries(siteHeaders)) res.setHeader(name, value);
  };
  const pyodideFiles = sirv(pyodideDir, { dev: false, etag: true, setHeaders: applyHeaders });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (type: string, body: string) => {
      applyHeaders(res);
      res.setHeader('Content-Type', type);
      res.end(body);
    };
    if (path === '/') send('text/html; charset=utf-8', PAGE);
    else if (path === '/worker.mjs') send('text/javascript; charset=utf-8', WORKER);
    else if (path.startsWith('/pyodide/')) {
      req.url = (req.url ?? '').slice('/pyodide'.length);
      pyodideFiles(req, res, () => {
        res.statusCode = 404;
        send('text/plain', 'not found');
      });
    } else {
      res.statusCode = 404;
      send('text/plain', 'not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

interface BaselineApi {
  ready: Promise<{ at: number; result: string; version: string }>;
  run(code: string): Promise<{ result?: string; error?: string }>;
}

/** Opens the baseline page; returns when `1+1` came back, in ms since navigation start. */
export async function baselineStart(page: Page, url: string): Promise<{ at: number; version: string }> {
  await page.goto(url);
  const started = await page.evaluate(() => (window as unknown as { baseline: BaselineApi }).baseline.ready);
  if (started.result !== '2') throw new Error(`the baseline's 1+1 gave ${JSON.stringify(started.result)}`);
  return started;
}

/** Round trips of `1+1` to the started baseline worker (postMessage there and back), each in ms. */
export function baselineRoundTrips(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async (n) => {
    const { baseline } = window as unknown as { baseline: BaselineApi };
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const reply = await baseline.run('1+1');
      times.push(performance.now() - t0);
      if (reply.result !== '2') throw new Error(`the baseline's 1+1 gave ${reply.error ?? reply.result}`);
    }
    return times;
  }, count);
}
