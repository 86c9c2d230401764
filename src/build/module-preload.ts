/**
 * Adds `<link rel="modulepreload">` to each built page for the chunks its module scripts import.
 *
 * Astro writes a page's scripts as `<script type="module" src>`, and each imports shared chunks
 * (the cell element's script imports five). The browser learns of those imports only once it has
 * compiled the script, and on a busy page that waits behind the parser: on /en/js-closures/ (2 cores,
 * Chromium 156) the chunks were requested about 600 ms after their importer had arrived, and the
 * cell elements, which are defined only when every deferred script and its imports have run, showed
 * their Run buttons that much later. Named in the head, the chunks load with the page's first files.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';

/** The relative paths a built chunk imports statically: `import"./a.js"` and `…from"./b.js"` (Vite's output). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  // A dynamic import is `import("./x.js")`: the `(` keeps it out.
  for (const match of code.matchAll(/(?:\bimport\s*|\bfrom\s*)["'](\.{1,2}\/[^"'\s]+\.js)["']/g)) found.add(match[1]!);
  return [...found];
}

/** The `src` of each `<script type="module" src>` of a page, in document order. */
export function moduleScripts(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (!/\btype=["']?module\b/i.test(tag)) continue;
    const src = /\bsrc=["']([^"']+)["']/i.exec(tag)?.[1];
    if (src) found.push(src);
  }
  return found;
}

/**
 * The page with a modulepreload link, before `</head>`, for every chunk its module scripts import
 * statically, however deep, that it does not already load or preload. `importsOf(url)` gives the
 * static imports of the chunk at a site path, or null when the site has no such file.
 */
export function withModulePreloads(html: string, importsOf: (url: string) => string[] | null): string {
  const scripts = moduleScripts(html);
  const present = new Set(scripts);
  for (const [, href] of html.matchAll(/<link\b[^>]*\brel=["']?modulepreload["']?[^>]*\bhref=["']([^"']+)["']/gi)) present.add(href!);
  const wanted: string[] = [];
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    for (const relative of importsOf(url) ?? []) {
      const dependency = new URL(relative, `http://site${url}`).pathname;
      if (!present.has(dependency) && !wanted.includes(dependency)) wanted.push(dependency);
      visit(dependency);
    }
  };
  // Only the site's own scripts, by path: an absolute URL is another host's business.
  scripts.filter((src) => src.startsWith('/')).forEach(visit);
  if (!wanted.length || !html.includes('</head>')) return html;
  const links = wanted.map((href) => `<link rel="modulepreload" href="${href}">`).join('');
  return html.replace('</head>', `${links}</head>`);
}

/**
 * Adds the links to every page of the built site in `out`, served under `base` with its scripts in
 * `assetsDir`; returns how many pages changed.
 */
export async function addModulePreloads(out: string, site: { base: string; assetsDir: string }): Promise<number> {
  const assets = `${site.base.replace(/\/?$/, '/')}${site.assetsDir}/`;
  const imports = new Map<string, string[]>();
  for (const file of await readdir(`${out}/${site.assetsDir}`)) {
    if (file.endsWith('.js')) imports.set(`${assets}${file}`, staticImports(await readFile(`${out}/${site.assetsDir}/${file}`, 'utf8')));
  }
  const importsOf = (url: string) => imports.get(url) ?? null;
  let changed = 0;
  for (const file of await readdir(out, { recursive: true })) {
    if (!file.endsWith('.html')) continue;
    const html = await readFile(`${out}/${file}`, 'utf8');
    const next = withModulePreloads(html, importsOf);
    if (next === html) continue;
    await writeFile(`${out}/${file}`, next);
    changed++;
  }
  return changed;
}
