/**
 * Search: Starlight's Pagefind index covers the prose and the outputs the build baked into each
 * page, in each language. Each query below is a string that, on the built site, only a baked output
 * contains (checked here against the built HTML first), so finding it proves outputs are indexed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

/** The page's text outside its cells' outputs, and inside them. */
function split(file: string): { outputs: string; rest: string } {
  const html = readFileSync(file, 'utf8');
  const outputs = html.match(/<div class="hb-output".*?<\/div><\/heapbook-cell>/gs) ?? [];
  let rest = html;
  for (const o of outputs) rest = rest.replace(o, ' ');
  return { outputs: outputs.join(' '), rest };
}

const QUERIES = [
  // sys._debugmallocstats() printed in a cell of the gc chapter, on stderr.
  { lang: 'en', query: 'PyTupleObjects', page: '/en/gc/', file: 'dist/en/gc/index.html' },
  // The heap model's summary line under a picture in the Chinese V8 chapter.
  { lang: 'zh-cn', query: '老生代页大小', page: '/zh-cn/v8-heap/', file: 'dist/zh-cn/v8-heap/index.html' },
];

it.each(QUERIES)('finds "$query" ($lang), which only a baked output of $page contains', async ({ lang, query, page: path, file }) => {
  const { outputs, rest } = split(file);
  expect(outputs).toContain(query);
  expect(rest).not.toContain(query);
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url(`/${lang}/`));
  // A string, not a function: vitest would rewrite the function's import() for Node.
  const found: { url: string; excerpt: string }[] = await page.evaluate(`(async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(${JSON.stringify(query)});
    return Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  })()`);
  const hit = found.find((r) => r.url.replace(/index\.html$/, '') === path);
  expect(hit, JSON.stringify(found.map((r) => r.url))).toBeDefined();
  // The excerpt shows the match (Pagefind marks it), and every result is in the page's language.
  expect(hit?.excerpt).toContain('<mark>');
  for (const r of found) expect(r.url.startsWith(`/${lang}/`)).toBe(true);
  await context.close();
});
