/**
 * Markup injection: what a cell writes is shown as text, on every channel a reader controls.
 *
 * The payloads go through stdout, stderr, a value's repr, exception messages and tracebacks,
 * the `heapbook` helpers' tables and graph labels (and hand-made MIME bundles, which a reader's
 * object can offer too), in Python and in JavaScript, and through code restored from
 * localStorage. A page-level canary (`__pwned`, exposed by the test) records any payload that
 * runs; dialogs and page errors are recorded too. Each channel is also checked to show the
 * payload verbatim, which proves it was exercised and not dropped.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { FIXTURE, openSite, type Site } from './browser.ts';

/**
 * Script payloads call the canary with their own number (one opens a dialog instead) if they ever
 * run on the page; style payloads would hide or cover it; entities would show decoded if parsed as
 * HTML; one tries to break out of a Graphviz DOT string.
 */
const PAYLOADS = [
  '<script>__pwned(1)</script>',
  '<img src=x onerror="__pwned(2)">',
  '"><img src=x onerror=__pwned(3)>',
  "'><svg onload=__pwned(4)>",
  '<svg><script>__pwned(5)</script></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg" onload="__pwned(6)"><circle r="9"/></svg>',
  '<a href="javascript:__pwned(7)">link</a>',
  'javascript:__pwned(8)',
  '<iframe src="javascript:parent.__pwned(9)"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned(10)</script>"></iframe>',
  '<style>body{display:none}</style>',
  '<style>h1,heapbook-engine-bar{visibility:hidden!important}</style>',
  '<link rel=stylesheet href="data:text/css,body{display:none}">',
  '<div style="position:fixed;inset:0;z-index:99999;background:#fff">covered</div>',
  '" style="display:none" x="',
  '<meta http-equiv="refresh" content="0;url=javascript:__pwned(16)">',
  '<body onload=__pwned(17)>',
  '<details open ontoggle=__pwned(18)>',
  '<input autofocus onfocus=__pwned(19)>',
  '<video><source onerror=__pwned(20)></video>',
  '<object data="javascript:__pwned(21)"></object>',
  '<embed src="javascript:__pwned(22)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=__pwned(23)>',
  '<noscript><p title="</noscript><img src=x onerror=__pwned(24)>">',
  '&lt;script&gt;__pwned(25)&lt;/script&gt;',
  '&#60;img src=x onerror=__pwned(26)&#62;',
  '&#x3C;svg onload=__pwned(27)&#x3E;',
  '<img src=x onerror=&#95;&#95;pwned(28)>',
  '<a href="&#106;avascript:__pwned(29)">x</a>',
  '<a href=" JaVaScRiPt:__pwned(30)">x</a>',
  '<img src="x:x" onerror="alert(31)">',
  '<!--<img src=x onerror=__pwned(32)>-->',
  ']]><img src=x onerror=__pwned(33)>',
  '</pre><script>__pwned(34)</script><pre>',
  '</text><foreignObject><img src=x onerror=__pwned(35)></foreignObject>',
  '<svg><animate onbegin=__pwned(36) attributeName=x dur=1s>',
  '<svg><set attributeName=onmouseover to=__pwned(37)>',
  '<base href="javascript:__pwned(38)//">',
  '<form><button formaction="javascript:__pwned(39)">x</button></form>',
  '<style>@import "data:text/css,h1{display:none}";</style>',
  '<div style="background:url(javascript:__pwned(41))">x</div>',
  '${__pwned(42)}{{constructor.constructor("__pwned(42)")()}}',
  '\u2028<script>__pwned(43)</script>\u2029',
  '\u202e<img src=x onerror=__pwned(44)>',
  'a\\"]; n2 [label=<<b>html label</b>>]; x [label="\\N',
  '<marquee onstart=__pwned(46)>x</marquee>',
  "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='__pwned(47)'/></svg>#x\"/></svg>",
  '<template><script>__pwned(48)</script></template><slot onslotchange=__pwned(48)>',
];

/**
 * The payloads as one array literal that is both JSON and valid Python and JavaScript, in ASCII
 * only, so that the editor receives exactly what the test means.
 */
const LITERAL = JSON.stringify(PAYLOADS).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every tag the book's renderers make (result-view, render/*, svg-to-view's allowed drawing elements). */
const OUTPUT_TAGS = new Set(
  (
    'div pre p span code figure figcaption details summary table caption thead tbody tfoot tr th td ul li ' +
    'svg g path rect line polyline polygon circle ellipse text tspan'
  ).split(' '),
);

/** How object-inspect quotes a string (JavaScript values are shown that way). */
const inspected = (s: string) => `'${s.replace(/(['\\])/g, '\\$1')}'`;

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

/** What the page did that it must not: canary calls, dialogs, uncaught errors. */
interface Alarms {
  pwned: string[];
  dialogs: string[];
  errors: string[];
}

async function openWatched(path: string, prepare?: (context: BrowserContext) => Promise<unknown>) {
  const context = await site.browser.newContext();
  const alarms: Alarms = { pwned: [], dialogs: [], errors: [] };
  await context.exposeFunction('__pwned', (n: unknown) => void alarms.pwned.push(String(n)));
  if (prepare) await prepare(context);
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    alarms.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (err) => alarms.errors.push(err.message));
  await page.goto(site.url(path));
  return { context, page, alarms };
}

const cells = (page: Page) => page.locator('heapbook-cell:not([hidden])');

/** Types the code into the cell's editor and checks that the editor holds exactly that code. */
async function edit(page: Page, index: number, code: string): Promise<void> {
  const cell = cells(page).nth(index);
  await replaceCode(page, cell, code);
  expect((await cell.locator('.cm-line').allTextContents()).join('\n')).toBe(code);
}

/**
 * The page apart from what a run may change: the run cells' outputs and editors, a cell's busy
 * state, the module preloads of code loaded on demand. Plus what a stray style or element would
 * show: the computed style of the body and the h1, and the number of each dangerous element.
 */
function pageState(page: Page) {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    // A run cell's output, and its predict block (verdict, measured answer), are the run's to change.
    const volatile =
      'heapbook-cell:has(.hb-editor) > .hb-output, heapbook-cell:has(.hb-editor) .hb-predict, heapbook-cell:has(.hb-editor) .hb-predict-answer, ' +
      '.hb-editor, .hb-cell-state, .hb-announcer, link[rel="modulepreload"]';
    for (const el of clone.querySelectorAll(volatile)) el.remove();
    for (const el of clone.querySelectorAll('heapbook-cell')) el.removeAttribute('data-state');
    // The engine bar's measured height (for the scroll padding), which a longer status line changes.
    clone.style.removeProperty('--hb-engine-bar-height');
    if (!clone.getAttribute('style')) clone.removeAttribute('style');
    // Expressive Code makes a code block focusable once it overflows; the table of contents follows the scroll.
    for (const el of clone.querySelectorAll('.expressive-code pre')) {
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
    }
    for (const el of clone.querySelectorAll('[aria-current]')) el.removeAttribute('aria-current');
    // Boxes that scroll take the focus (cell-reading.ts), and a run changes which boxes scroll.
    for (const el of clone.querySelectorAll('[data-hb-scroll]')) {
      el.removeAttribute('tabindex');
      el.removeAttribute('data-hb-scroll');
    }
    for (const el of clone.querySelectorAll('mobile-starlight-toc .display-current')) el.textContent = '';
    const h1 = document.querySelector('h1');
    const body = getComputedStyle(document.body);
    const dangerous =
      'script style link iframe frame img object embed base meta a form input video audio source foreignObject image use animate set marquee template slot noscript'.split(
        ' ',
      );
    return {
      html: clone.outerHTML,
      h1: h1?.outerHTML ?? null,
      h1Shown: h1 ? getComputedStyle(h1).display !== 'none' && getComputedStyle(h1).visibility === 'visible' : false,
      engineBar: document.querySelector('heapbook-engine-bar')?.outerHTML ?? null,
      body: `${body.display} ${body.visibility} ${body.opacity}`,
      sheets: document.styleSheets.length,
      title: document.title,
      location: location.href,
      counts: Object.fromEntries(
        dangerous.map((tag) => [tag, document.querySelectorAll(tag === 'link' ? 'link:not([rel="modulepreload"])' : tag).length]),
      ),
      pwned: typeof (window as unknown as { __pwned?: unknown }).__pwned,
    };
  });
}

type PageState = Awaited<ReturnType<typeof pageState>>;

/** Elements and attributes in a cell's output that none of the book's renderers makes. */
function strayMarkup(cell: Locator): Promise<string[]> {
  return cell.evaluate(
    (el, allowed) => {
      const found: string[] = [];
      const tags = new Set(allowed);
      for (const output of el.querySelectorAll('.hb-output')) {
        for (const node of output.querySelectorAll('*')) {
          const tag = node.localName;
          if (!tags.has(tag)) found.push(`<${tag}>`);
          for (const { name } of Array.from(node.attributes)) {
            if (/^on|^(href|src|srcdoc|style|action|formaction|data|xlink:href)$/i.test(name)) found.push(`<${tag} ${name}>`);
          }
        }
      }
      return found;
    },
    [...OUTPUT_TAGS],
  );
}

/** Lets anything a payload could have scheduled (image errors, focus, animations) happen. */
const settle = (page: Page) => page.waitForTimeout(800);

/** Compares two page states; a changed page is reported where it first differs, not as a whole. */
function expectUnchanged(after: PageState, before: PageState): void {
  const { html: was, ...rest } = before;
  const { html: now, ...restNow } = after;
  expect(restNow).toEqual(rest);
  if (now !== was) {
    let at = 0;
    while (at < now.length && now[at] === was[at]) at++;
    expect(now.slice(Math.max(0, at - 300), at + 300), 'the page changed outside the run cells').toBe(
      was.slice(Math.max(0, at - 300), at + 300),
    );
  }
}

function expectNoAlarms(alarms: Alarms): void {
  expect(alarms.pwned, 'a payload ran on the page').toEqual([]);
  expect(alarms.dialogs, 'a payload opened a dialog').toEqual([]);
  expect(alarms.errors).toEqual([]);
}

/** Every payload appears, verbatim, in the text (`wrap` adds what the channel puts around it). */
function expectVerbatim(text: string, payloads: readonly string[], wrap = (p: string) => p): void {
  const missing = payloads.filter((p) => !text.includes(wrap(p)));
  expect(missing, 'payloads not shown verbatim').toEqual([]);
}

describe('markup injection in Chromium', () => {
  it(`shows ${PAYLOADS.length} payloads as text through every Python channel`, async () => {
    expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
    const { context, page, alarms } = await openWatched(FIXTURE.python.en);
    const codes = [
      // stdout (and P for the cells after it)
      `P = ${LITERAL}\nprint(*P, sep="\\n")`,
      // stderr
      'import sys\nsys.stderr.write("\\n".join(P) + "\\n")',
      // a value's repr
      'Shown = type("Shown", (), {"__repr__": lambda self: "\\n".join(P)})\nShown()',
      // refs: classes named by payloads (node types), dict keys (edge labels)
      'from heapbook import refs, compare, deep_sizeof\nkinds = [type(p, (), {}) for p in P]\nthings = {p: k() for p, k in zip(P, kinds)}\nrefs(things, depth=1, max_nodes=200)',
      // compare: candidate names (chart categories, table rows, caption)
      'compare(repeat=1, **{p: (lambda: 1) for p in P})',
      // deep_sizeof: type names in the table
      'deep_sizeof(things)',
      // a reader's own MIME bundle: a table, a graph and a chart whose every string is a payload
      [
        'T = {"caption": P[0], "columns": [{"key": "k", "label": P[1], "format": "text"}, {"key": "v", "label": P[2], "format": "code"}], "rows": [{"k": p, "v": p} for p in P], "notes": P}',
        'G = {"direction": "refs", "caption": P[3], "nodes": [{"id": p, "type": p, "label": p, "size": 8, "refcount": 1, "root": i == 0, "omitted": 0} for i, p in enumerate(P)], "edges": [{"from": P[i], "to": P[i + 1], "label": P[i]} for i in range(len(P) - 1)], "truncated": False, "notes": P}',
        'C = {"mark": "bar", "caption": P[4], "x": {"key": "n", "label": P[5], "format": "bytes"}, "y": {"key": "name", "label": P[6], "format": "text"}, "series": {"key": "name", "label": P[7], "format": "text"}, "rows": [{"name": p, "n": 8} for p in P], "notes": P}',
        'Rich = type("Rich", (), {"__repr__": lambda self: "rich", "_repr_mimebundle_": lambda self, include=None, exclude=None: {"text/plain": "rich", "application/vnd.heapbook.graph+json": G, "application/vnd.heapbook.chart+json": C, "application/vnd.heapbook.table+json": T}})',
        'Rich()',
      ].join('\n'),
      // an exception: its class name, message and note, in the traceback
      'Boom = type(P[1], (Exception,), {})\nerr = Boom("\\n".join(P))\nerr.add_note(P[2])\nraise err',
      // a syntax error quotes the offending line
      `x = 1\n${PAYLOADS[0]}`,
    ];
    for (const [i, code] of codes.entries()) await edit(page, i, code);
    await page.locator('.hb-engine-state[data-lang="python"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const before = await pageState(page);
    expect(before.pwned).toBe('function');

    // Run on the last edited cell runs all of them, in order; errors do not stop the plan.
    const cell = (i: number) => cells(page).nth(i);
    const last = cell(codes.length - 1);
    await last.getByRole('button', { name: 'Run', exact: true }).click();
    await last.locator('.hb-output .hb-error', { hasText: 'SyntaxError' }).waitFor({ timeout: 60_000 });
    await cell(3).locator('figure.hb-graph svg.hb-graph-svg').waitFor({ timeout: 30_000 });
    await cell(4).locator('figure.hb-chart svg.hb-chart-svg').waitFor({ timeout: 30_000 });
    await cell(5).locator('.hb-output table').waitFor({ timeout: 30_000 });
    await cell(6).locator('.hb-output figure.hb-graph svg').waitFor({ timeout: 30_000 });
    await cell(6).locator('.hb-output figure.hb-chart svg').waitFor({ timeout: 30_000 });
    await settle(page);

    // All matches joined: output may arrive as more than one chunk of the same stream.
    const text = async (i: number, selector = '.hb-output') => (await cell(i).locator(selector).allTextContents()).join('');
    expectVerbatim(await text(0, '.hb-stdout'), PAYLOADS);
    expectVerbatim(await text(1, '.hb-stderr'), PAYLOADS);
    expectVerbatim(await text(2, '.hb-value'), PAYLOADS);
    // refs: every class name, in the objects table and in the picture's labels
    expectVerbatim(await text(3, 'figure.hb-graph details'), PAYLOADS, (p) => `__main__.${p}`);
    // Graphviz draws line separators as spaces: those payloads show differently in the picture
    // (entities are written as &amp; and come out verbatim); the table above is exact.
    const graphLabels = (await cell(3).locator('svg.hb-graph-svg text').allTextContents()).join('\n');
    expectVerbatim(
      graphLabels,
      PAYLOADS.filter((p) => !/[\n\u2028\u2029]/.test(p)),
      (p) => `__main__.${p}`,
    );
    // compare: every candidate, in the table and as a category of the chart
    expectVerbatim(await text(4, 'figure.hb-chart details'), PAYLOADS);
    const chartLabels = await cell(4).locator('svg.hb-chart-svg text').allTextContents();
    expectVerbatim(chartLabels.join('\n'), PAYLOADS);
    expectVerbatim(await text(5), PAYLOADS, (p) => `__main__.${p}`);
    // the reader's own bundle: table, graph tables and chart rows
    const rich = await text(6);
    expectVerbatim(rich, PAYLOADS);
    expect(await cell(6).locator('.hb-output .hb-notice').count()).toBe(0); // drawn, not fallen back to text
    expectVerbatim(await text(7, '.hb-error'), PAYLOADS);
    expect(await text(7, '.hb-error')).toContain(`${PAYLOADS[1]}: ${PAYLOADS[0]}`);
    expect(await text(8, '.hb-error')).toContain(PAYLOADS[0]);

    for (let i = 0; i < codes.length; i++) expect(await strayMarkup(cell(i)), `cell ${i}`).toEqual([]);
    expectUnchanged(await pageState(page), before);
    expectNoAlarms(alarms);
    await context.close();
  });

  it('shows payloads as text through every JavaScript channel, and a node-shaped caption as text', async () => {
    const { context, page, alarms } = await openWatched(FIXTURE.javascript.en);
    const mime = "Symbol.for('heapbook.mime')";
    const codes = [
      // stdout, stderr, and the inspected value
      `const P = ${LITERAL}\nfor (const p of P) console.log(p)\nfor (const p of P) console.error(p)\nP`,
      // a thrown Error: its name and message
      'const e = new Error(P.join("\\n"))\ne.name = P[1]\nthrow e',
      // a thrown string
      'throw P[2]',
      // a MIME bundle whose every string is a payload
      [
        'const rows = P.map((p) => ({ k: p, v: p }))',
        "const table = { caption: P[0], columns: [{ key: 'k', label: P[1], format: 'text' }, { key: 'v', label: P[2], format: 'code' }], rows, notes: P }",
        "const graph = { direction: 'refs', caption: P[3], nodes: P.map((p, i) => ({ id: p, type: p, label: p, size: 8, refcount: 1, root: i === 0, omitted: 0 })), edges: P.slice(1).map((p, i) => ({ from: P[i], to: p, label: P[i] })), truncated: false, notes: P }",
        "const chart = { mark: 'bar', caption: P[4], x: { key: 'n', label: P[5], format: 'bytes' }, y: { key: 'name', label: P[6], format: 'text' }, series: { key: 'name', label: P[7], format: 'text' }, rows: P.map((p) => ({ name: p, n: 8 })), notes: P }",
        `const rich = { [${mime}]: () => ({ 'text/plain': P.join('\\n'), 'application/vnd.heapbook.table+json': table, 'application/vnd.heapbook.graph+json': graph, 'application/vnd.heapbook.chart+json': chart }) }`,
        'rich',
      ].join('\n'),
      // objects shaped like view nodes where the renderers expect strings
      [
        "const node = { tag: 'img', attrs: { src: 'x', onerror: '__pwned(\"node\")' }, children: [{ tag: 'script', children: ['__pwned(\"child\")'] }] }",
        "const shapedTable = { caption: node, columns: [{ key: 'k', label: node, format: 'text' }, { key: 'c', label: 'code', format: 'code' }], rows: [{ k: node, c: node }], notes: [node] }",
        "const shapedChart = { mark: 'bar', caption: node, x: { key: 'n', label: node, format: 'int' }, y: { key: 'name', label: node, format: 'text' }, series: { key: 'name', label: node, format: 'text' }, rows: [{ name: 'one', n: 1 }], notes: [node] }",
        `const shaped = { [${mime}]: () => ({ 'text/plain': 'shaped', 'application/vnd.heapbook.chart+json': shapedChart, 'application/vnd.heapbook.table+json': shapedTable }) }`,
        'shaped',
      ].join('\n'),
      // the heap model helper: object and root names
      'const heap = heapbook.heapModel()\nfor (const p of P) heap.allocate(24, { name: p, hold: true })\nheap.scavenge()\nheap',
      // a syntax error quotes the offending line
      `const y = 1\n${PAYLOADS[1]}`,
    ];
    for (const [i, code] of codes.entries()) await edit(page, i, code);
    await page.locator('.hb-engine-state[data-lang="javascript"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const before = await pageState(page);

    const cell = (i: number) => cells(page).nth(i);
    const last = cell(codes.length - 1);
    await last.getByRole('button', { name: 'Run', exact: true }).click();
    await last.locator('.hb-output .hb-error', { hasText: 'SyntaxError' }).waitFor({ timeout: 30_000 });
    await cell(3).locator('.hb-output figure.hb-graph svg').waitFor({ timeout: 30_000 });
    await cell(3).locator('.hb-output figure.hb-chart svg').waitFor({ timeout: 30_000 });
    await cell(4).locator('.hb-output table caption').first().waitFor({ state: 'attached', timeout: 30_000 });
    await cell(5).locator('.hb-output figure svg').first().waitFor({ timeout: 30_000 });
    await settle(page);

    // All matches joined: output may arrive as more than one chunk of the same stream.
    const text = async (i: number, selector = '.hb-output') => (await cell(i).locator(selector).allTextContents()).join('');
    expectVerbatim(await text(0, '.hb-stdout'), PAYLOADS);
    expectVerbatim(await text(0, '.hb-stderr'), PAYLOADS);
    expectVerbatim(await text(0, '.hb-value'), PAYLOADS, inspected);
    expectVerbatim(await text(1, '.hb-error'), PAYLOADS);
    expect(await text(1, '.hb-error')).toContain(`${PAYLOADS[1]}: ${PAYLOADS[0]}`);
    expect(await text(2, '.hb-error')).toContain(`Uncaught ${inspected(PAYLOADS[2]!)}`);
    expectVerbatim(await text(3), PAYLOADS);
    expect(await cell(3).locator('.hb-output .hb-notice').count()).toBe(0);
    // The node-shaped objects are drawn as text: no <img>, no <script>, "[object Object]" instead.
    const shaped = await text(4);
    expect(shaped).toContain('[object Object]');
    expect(await cell(4).locator('.hb-output caption').allTextContents()).toEqual(expect.arrayContaining(['[object Object]']));
    // The heap model names each object in the step that allocated it; the first and last steps are drawn.
    expectVerbatim(await text(5), [PAYLOADS[0]!, PAYLOADS.at(-1)!]);
    expect(await text(6, '.hb-error')).toContain(PAYLOADS[1]);

    for (let i = 0; i < codes.length; i++) expect(await strayMarkup(cell(i)), `cell ${i}`).toEqual([]);
    expectUnchanged(await pageState(page), before);
    expectNoAlarms(alarms);
    await context.close();
  });

  it('shows restored code without running it, and runs it as text only when the reader presses Run', async () => {
    const code = [`# ${PAYLOADS[0]} ${PAYLOADS[1]}`, `# ${PAYLOADS[10]}`, `P = ${LITERAL}`, 'print(*P, sep="\\n")', 'P[1]'].join('\n');
    const { context, page, alarms } = await openWatched(FIXTURE.python.en, (ctx) =>
      // The edit store's key: heapbook:v1:<page path>#<cell id> (src/page/edit-store.ts).
      ctx.addInitScript((saved) => localStorage.setItem('heapbook:v1:/en/fixture-python/#first', saved), code),
    );
    const cell = cells(page).first();
    expect(await cell.getAttribute('data-cell-id')).toBe('first');
    // Saved edits load the editor at once.
    await cell.locator('.cm-content').waitFor();
    expect((await cell.locator('.cm-line').allTextContents()).join('\n')).toBe(code);
    expect(await cell.getByRole('button', { name: 'Reset' }).isVisible()).toBe(true);
    // The engine starts by itself once the page is idle; the restored code still does not run.
    await page.locator('.hb-engine-state[data-lang="python"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await settle(page);
    expect(await page.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).count()).toBe(0);
    expect(await cell.locator('.hb-output').evaluate((el) => el.textContent ?? '')).not.toContain('__pwned');
    expectNoAlarms(alarms);
    const before = await pageState(page);

    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await cell.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).waitFor({ timeout: 60_000 });
    await settle(page);
    expectVerbatim((await cell.locator('.hb-stdout').allTextContents()).join(''), PAYLOADS);
    expect(await cell.locator('.hb-value').evaluate((el) => el.textContent ?? '')).toBe(`'${PAYLOADS[1]}'`);
    expect(await strayMarkup(cell)).toEqual([]);
    expectUnchanged(await pageState(page), before);
    expectNoAlarms(alarms);
    await context.close();
  });
  it('opens a shared link with the payloads as text in its cell, never runs it before Run, and asks no other site', async () => {
    const code = [`# ${PAYLOADS[0]} ${PAYLOADS[1]}`, `# ${PAYLOADS[10]}`, `P = ${LITERAL}`, 'print(*P, sep="\\n")', 'P[1]'].join('\n');
    // The reader edits the first cell of the fixture page and presses Share.
    const author = await openWatched(FIXTURE.python.en);
    const authored = cells(author.page).first();
    await replaceCode(author.page, authored, code);
    await authored.getByRole('button', { name: 'Share' }).click();
    const linkField = authored.locator('.hb-share-link');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link.startsWith(site.url(`${FIXTURE.python.en}#share:first:`))).toBe(true);
    expect(link.length).toBeLessThan(6100);
    expectNoAlarms(author.alarms);
    await author.context.close();

    // Another reader opens the link: every request goes to the site, the code shows and does not run.
    const origin = new URL(site.url('/')).origin;
    const elsewhere: string[] = [];
    const { context, page, alarms } = await openWatched(link.slice(origin.length), (ctx) =>
      Promise.resolve(
        ctx.on('request', (r) => void (new URL(r.url()).origin === origin || /^(blob|data):/.test(r.url()) || elsewhere.push(r.url()))),
      ),
    );
    const cell = cells(page).first();
    await cell.locator('.cm-content').waitFor();
    expect(await cell.getAttribute('data-shared')).toBe('true');
    expect((await cell.locator('.cm-line').allTextContents()).join('\n')).toBe(code);
    expect(await cell.locator('.hb-shared-note').textContent()).toContain('not run');
    expect(await cell.getByRole('button', { name: 'Reset' }).isVisible()).toBe(true);
    await page.locator('.hb-engine-state[data-lang="python"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await settle(page);
    expect(await cell.getAttribute('data-state')).toBe('baked');
    expect(await page.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).count()).toBe(0);
    // Shown, not saved as this reader's edit.
    expect(await page.evaluate(() => localStorage.getItem('heapbook:v1:/en/fixture-python/#first'))).toBeNull();
    expect(await strayMarkup(cell)).toEqual([]);
    expectNoAlarms(alarms);
    const before = await pageState(page);

    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await cell.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).waitFor({ timeout: 60_000 });
    await settle(page);
    expectVerbatim((await cell.locator('.hb-stdout').allTextContents()).join(''), PAYLOADS);
    expect(await strayMarkup(cell)).toEqual([]);
    expectUnchanged(await pageState(page), before);
    expectNoAlarms(alarms);
    expect(elsewhere).toEqual([]);

    // Reset brings back the chapter's code and drops the mark.
    await cell.getByRole('button', { name: 'Reset' }).click();
    expect((await cell.locator('.cm-line').allTextContents()).join('\n')).toBe(await cell.getAttribute('data-source'));
    expect(await cell.getAttribute('data-shared')).toBeNull();
    await context.close();
  });

  it('refuses to share code past the link limit, and says why a damaged link does not open', async () => {
    const { context, page, alarms } = await openWatched(`${FIXTURE.python.en}#share:first:AAAA%3Cscript%3E`);
    const cell = cells(page).first();
    await page.locator('.hb-share-error').waitFor();
    expect(await page.locator('.hb-share-error').textContent()).toMatch(/^The shared code in this link cannot be opened: .+base64url/);
    expect(await cell.getAttribute('data-shared')).toBeNull();
    // 30,000 characters that do not compress: far past the 6,000 a link takes.
    let seed = 2463534242;
    const next = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) % 89);
    const noise = Array.from({ length: 30_000 }, () => String.fromCharCode(35 + next())).join('');
    await replaceCode(page, cell, `s = ${JSON.stringify(noise)}`);
    await cell.getByRole('button', { name: 'Share' }).click();
    await cell.locator('.hb-share-error', { hasText: 'too long' }).waitFor();
    expect(await cell.locator('.hb-share-error').textContent()).toMatch(
      /Your code is too long to share in a link: \d+ characters once compressed, and a link takes at most 6000\./,
    );
    expect(await cell.locator('.hb-share-link').count()).toBe(0);
    expectNoAlarms(alarms);
    await context.close();
  });
});
