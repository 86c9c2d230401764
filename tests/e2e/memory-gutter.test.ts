/**
 * The memory gutter and "Left behind" on the built site, in Chromium: baked figures readable with
 * no JavaScript (a disclosure opens the gutter by CSS alone), read live from the engine after a
 * run when the reader opens it, and shown in the editor's own gutter; the left-behind disclosure
 * opens on its table, baked and live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { FIXTURE, openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

/** line -> bytes of the static gutter beside a cell's code, and whether it is shown. */
async function staticGutter(cell: Locator) {
  const gutter = cell.locator('.hb-code-row > .hb-gutter');
  const rows = await gutter.locator('.hb-gl').evaluateAll((spans) =>
    spans.map((s) => ({
      line: Number((s as HTMLElement).dataset['line']),
      bytes: Number((s as HTMLElement).dataset['bytes']),
      text: s.textContent ?? '',
      cls: s.className,
    })),
  );
  return { visible: await gutter.isVisible(), rows };
}

/** The 1-based line of a cell's code that starts with `start` (the fixture's cells are the tests' own). */
async function lineOf(cell: Locator, start: string): Promise<number> {
  const code = ((await cell.getAttribute('data-source')) ?? '').split('\n');
  const index = code.findIndex((line) => line.trimStart().startsWith(start));
  if (index < 0)
    throw new Error(
      `no line of ${await cell.getAttribute('data-cell-id')} starts with ${JSON.stringify(start)}: keep tests/fixtures/docs/en/fixture-python.mdx and this test in step`,
    );
  return index + 1;
}

describe('memory by line and left behind', () => {
  it('bakes both, readable without JavaScript', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url(FIXTURE.python.en));
    const cell = page.locator('heapbook-cell[data-cell-id="leak-module"]');
    const [recordLine, callLine] = [await lineOf(cell, 'record = {'), await lineOf(cell, 'handle_request(i)')];
    const before = await staticGutter(cell);
    expect(before.visible).toBe(false);
    const summary = cell.locator('.hb-output > details.hb-lines > summary');
    expect(await summary.textContent()).toMatch(/^Memory by line: the lines still hold [\d.]+ KiB \(net \+[\d.]+ KiB\)$/);
    await summary.click();
    const after = await staticGutter(cell);
    expect(after.visible).toBe(true);
    const code = ((await cell.getAttribute('data-source')) ?? '').replace(/\n$/, '').split('\n');
    expect(after.rows).toHaveLength(code.length);
    // The records are made on their line inside handle_request, not on the line of the loop that calls it.
    const made = after.rows.find((r) => r.line === recordLine);
    expect(made?.bytes).toBeGreaterThan(300_000);
    expect(made?.cls).toBe('hb-gl hb-heat-4');
    expect(made?.text).toMatch(/KiB$/);
    expect(after.rows.find((r) => r.line === callLine)?.bytes).toBeLessThan(1_000);
    // The row's box sits on its line of code (same line height, same top padding).
    const codeLines = cell.locator('.expressive-code .ec-line');
    const [lineBox, rowBox] = await Promise.all([
      codeLines.nth(recordLine - 1).boundingBox(),
      cell
        .locator('.hb-gutter .hb-gl')
        .nth(recordLine - 1)
        .boundingBox(),
    ]);
    expect(Math.abs((lineBox?.y ?? 0) - (rowBox?.y ?? 99))).toBeLessThan(3);

    const left = cell.locator('.hb-output > details.hb-left-behind');
    expect(await left.locator(':scope > summary').textContent()).toMatch(
      /^Left behind: [\d,]+ objects, [\d.]+ (KiB|MiB) still alive after the cell$/,
    );
    await left.locator(':scope > summary').click();
    // The type table (the chart's own table, by line, stays behind its closed details).
    const dictRow = left.locator('tr:visible', { hasText: /^\s*dict\s*[\d,]/ }).first();
    await expect_visible(dictRow);
    const [type, count, bytes] = await dictRow.locator('th, td').allTextContents();
    expect(type).toBe('dict');
    expect(bytes).toMatch(/KiB$/);
    const dicts = Number(count?.replaceAll(',', ''));
    expect(dicts).toBeGreaterThanOrEqual(6_000); // the 6,000 records, and a dict or two of the cell's own
    expect(dicts).toBeLessThan(6_010);
    expect(await left.locator('svg').count()).toBeGreaterThan(0);

    await page.goto(site.url(FIXTURE.python.zh));
    const zh = page.locator('heapbook-cell[data-cell-id="leak-module"] .hb-output > details.hb-lines > summary');
    expect(await zh.textContent()).toMatch(/^逐行内存：各行仍占用 /);
    await context.close();
  }, 60_000);

  it('reads the lines live when the reader opens them after a run, and shows them in the editor', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url(FIXTURE.python.en));
    const cell = page.locator('heapbook-cell[data-cell-id="list-vs-generator"]');
    const listLine = await lineOf(cell, 'squares_list = [');
    await cell.locator('.hb-run').click();
    await page.waitForFunction(
      () => document.querySelector('heapbook-cell[data-cell-id="list-vs-generator"]')?.getAttribute('data-state') === 'done',
      null,
      { timeout: 150_000 },
    );
    const summary = cell.locator('.hb-output > details.hb-lines > summary');
    expect(await summary.textContent()).toBe('Memory by line');
    await summary.click();
    await page.waitForFunction(
      () =>
        /still hold/.test(document.querySelector('heapbook-cell[data-cell-id="list-vs-generator"] .hb-lines > summary')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    );
    const live = await staticGutter(cell);
    expect(live.visible).toBe(true);
    const list = live.rows.find((r) => r.line === listLine);
    expect(list?.bytes).toBeGreaterThan(4_000_000);
    expect(list?.text).toMatch(/MiB$/);
    for (const line of [listLine + 1, listLine + 2]) expect(live.rows.find((r) => r.line === line)?.bytes).toBeLessThan(2_000);

    // The editor takes over the code, with the same figures in CodeMirror's gutter.
    await cell.locator('.expressive-code').click();
    const marker = cell.locator('.hb-editor .hb-cm-gutter .hb-gl.hb-heat-4');
    await marker.first().waitFor({ timeout: 30_000 });
    expect(await marker.first().textContent()).toBe(list?.text);
    expect(await staticGutter(cell).then((g) => g.visible)).toBe(false);
    // Closing the disclosure empties the editor's gutter.
    await summary.click();
    await page.waitForFunction(
      () =>
        !document
          .querySelector('heapbook-cell[data-cell-id="list-vs-generator"] .hb-editor')
          ?.shadowRoot?.querySelector('.hb-cm-gutter .hb-gl'),
    );
    await context.close();
  }, 240_000);

  it('shows what a run left behind, live, as a table', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url(FIXTURE.python.en));
    const cell = page.locator('heapbook-cell[data-cell-id="hunt-setup"]');
    await cell.locator('.hb-run').click();
    await page.waitForFunction(
      () => document.querySelector('heapbook-cell[data-cell-id="hunt-setup"]')?.getAttribute('data-state') === 'done',
      null,
      { timeout: 200_000 },
    );
    const left = cell.locator('.hb-output > details.hb-left-behind');
    await left.locator('svg').first().waitFor({ state: 'attached', timeout: 60_000 });
    await left.locator(':scope > summary').click();
    const row = left.locator('tr:visible', { hasText: /^\s*__main__\.PriceWidget/ }).first();
    await expect_visible(row);
    expect((await row.locator('th, td').allTextContents()).slice(0, 2)).toEqual(['__main__.PriceWidget', '3,000']);
    await context.close();
  }, 300_000);
});

async function expect_visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}
