/**
 * Serves the built site with the headers it ships with (dist/_headers, each path its matching
 * blocks), as a static host would.
 * Used by `npm run preview` and by the end-to-end tests.   node scripts/serve.ts [dir] [port]
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { headersForPath, parseHeadersFile, type HeaderRule } from '../src/build/site-headers.ts';

export function serveSite(dir: string, port: number, host = '127.0.0.1'): Promise<Server> {
  const root = resolve(dir);
  let rules: HeaderRule[];
  try {
    rules = parseHeadersFile(readFileSync(`${root}/_headers`, 'utf8'));
  } catch (err) {
    throw new Error(`${root}/_headers is missing or unreadable (${String(err)}): run "npm run build" first`);
  }
  const applyHeaders = (res: ServerResponse, pathname: string) => {
    for (const [name, value] of Object.entries(headersForPath(rules, pathname))) res.setHeader(name, value);
  };
  // The build writes .br and .gz twins; sirv sends them to clients that accept them.
  const files = sirv(root, { dev: false, etag: true, brotli: true, gzip: true, setHeaders: applyHeaders });
  const server = createServer((req, res) => {
    files(req, res, () => {
      res.statusCode = 404;
      applyHeaders(res, new URL(req.url ?? '/', 'http://localhost').pathname);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      try {
        res.end(readFileSync(`${root}/404.html`));
      } catch {
        res.end('Not found');
      }
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 4321);
  await serveSite(dir, port, process.env.HOST ?? '127.0.0.1');
  console.log(`Serving ${dir} at http://127.0.0.1:${port}/ with the site's headers (Ctrl+C to stop)`);
}
