import { describe, expect, it } from 'vitest';
import { moduleScripts, staticImports, withModulePreloads } from '../../src/build/module-preload.ts';

describe('staticImports', () => {
  it('finds the static imports of a minified chunk and leaves dynamic ones', () => {
    const code =
      'import{a as e,c as t}from"./page-languages.C3PBp3DX.js";import"./shared.Drk7nYY1.js";' +
      'const x=()=>import("./engine-bar.D04feoCz.js");import {y} from \'../other/z.js\';';
    expect(staticImports(code)).toEqual(['./page-languages.C3PBp3DX.js', './shared.Drk7nYY1.js', '../other/z.js']);
  });

  it('does not take a bare package name or a string that only mentions a file', () => {
    expect(staticImports('import{a}from"comlink";const s="see ./a.js";')).toEqual([]);
  });
});

describe('moduleScripts', () => {
  it('lists module scripts with a src, in document order', () => {
    const html =
      '<script>var a</script><script type="module" src="/_astro/a.js"></script>' +
      '<script type="module">inline()</script><script src="/classic.js"></script><script type=module src=\'/_astro/b.js\'></script>';
    expect(moduleScripts(html)).toEqual(['/_astro/a.js', '/_astro/b.js']);
  });
});

describe('withModulePreloads', () => {
  const chunks: Record<string, string[]> = {
    '/_astro/page.js': ['./cells.js', './shared.js'],
    '/_astro/cells.js': ['./shared.js', './words.js'],
    '/_astro/shared.js': [],
    '/_astro/words.js': ['./page.js'],
  };
  const importsOf = (url: string) => chunks[url] ?? null;
  const page = (head: string, body: string) => `<html><head>${head}</head><body>${body}</body></html>`;

  it('names every chunk the page imports, however deep, once, before </head>', () => {
    const html = page('<script type="module" src="/_astro/page.js"></script>', '');
    expect(withModulePreloads(html, importsOf)).toBe(
      page(
        '<script type="module" src="/_astro/page.js"></script>' +
          '<link rel="modulepreload" href="/_astro/cells.js">' +
          '<link rel="modulepreload" href="/_astro/shared.js">' +
          '<link rel="modulepreload" href="/_astro/words.js">',
        '',
      ),
    );
  });

  it('leaves out what the page already loads or preloads, and scripts of other hosts', () => {
    const html = page(
      '<link rel="modulepreload" href="/_astro/words.js">',
      '<script type="module" src="/_astro/page.js"></script><script type="module" src="/_astro/cells.js"></script>' +
        '<script type="module" src="https://cdn.example/x.js"></script>',
    );
    const out = withModulePreloads(html, importsOf);
    expect(out.match(/rel="modulepreload"/g)).toHaveLength(2);
    expect(out).toContain('<link rel="modulepreload" href="/_astro/shared.js"></head>');
  });

  it('resolves imports under a base path and changes nothing when there is nothing to add', () => {
    const based = { '/training/_astro/a.js': ['./b.js'], '/training/_astro/b.js': [] } as Record<string, string[]>;
    const html = page('<script type="module" src="/training/_astro/a.js"></script>', '');
    expect(withModulePreloads(html, (url) => based[url] ?? null)).toContain('href="/training/_astro/b.js"');
    const bare = page('<script type="module" src="/_astro/shared.js"></script>', '');
    expect(withModulePreloads(bare, importsOf)).toBe(bare);
    expect(withModulePreloads('<p>no head</p><script type="module" src="/_astro/page.js"></script>', importsOf)).not.toContain(
      'modulepreload',
    );
  });
});
