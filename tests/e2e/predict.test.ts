/**
 * Predict, then measure (`#| predict:`), in Chromium on the built site: the baked answer hides the
 * measured value behind a `<details>`; the reader types a prediction into the labelled input,
 * Enter runs the cell, and the page shows the verdict and reveals the explanation. In English and
 * Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, openSite, type Site } from './browser.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => site?.close());

async function predictAndRun(path: string, cellId: string, label: RegExp, guess: string) {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url(path));
  const cell = page.locator(`heapbook-cell[data-cell-id="${cellId}"]`);
  const answer = cell.locator('details.hb-predict-answer');
  // Baked: the answer is there, closed, with the build's measurement and the writer's explanation.
  const baked = {
    open: await answer.evaluate((el) => (el as HTMLDetailsElement).open),
    measured: (await answer.locator('.hb-predict-measured').textContent()) ?? '',
    explanation: ((await answer.textContent()) ?? '').length,
  };
  const input = cell.getByLabel(label);
  await input.fill(guess);
  await input.press('Enter');
  const verdict = cell.locator('.hb-predict-verdict:not(:empty)');
  await verdict.waitFor({ timeout: 150_000 });
  const result = {
    baked,
    verdict: (await verdict.textContent()) ?? '',
    outcome: await verdict.getAttribute('data-outcome'),
    open: await answer.evaluate((el) => (el as HTMLDetailsElement).open),
    measured: (await answer.locator('.hb-predict-measured').textContent()) ?? '',
    explanationVisible: await answer.locator('p').nth(1).isVisible(),
    state: await cell.getAttribute('data-state'),
  };
  await context.close();
  return result;
}

describe('predict cells', () => {
  // The predict cells of the fixture chapter the tests own (tests/fixtures/docs/*/fixture-python.mdx).
  it('en: a right prediction is within, the explanation is revealed', async () => {
    const r = await predictAndRun(FIXTURE.python.en, 'predict-refcount', /Your prediction of/, '6');
    expect(r.baked).toMatchObject({ open: false, measured: 'measured: 6' });
    expect(r.baked.explanation).toBeGreaterThan(200);
    expect(r.state).toBe('done');
    expect(r.verdict).toBe('✓ You predicted 6; measured 6: within ±0, exactly.');
    expect(r.outcome).toBe('within');
    expect(r).toMatchObject({ open: true, measured: 'measured: 6', explanationVisible: true });
  }, 240_000);

  it('en: a wrong prediction says how far off, in percent', async () => {
    const r = await predictAndRun(FIXTURE.python.en, 'predict-size', /Your prediction of/, '4');
    expect(r.baked.measured).toMatch(/^measured: 3,\d{3}$/);
    expect(r.verdict).toMatch(/^✗ You predicted 4; measured 3,\d{3}: off by 100% \(3,\d{3}\), outside ±10%\.$/);
    expect(r.outcome).toBe('outside');
    expect(r.measured).toBe(r.baked.measured);
    expect(r.explanationVisible).toBe(true);
  }, 240_000);

  it('zh-cn: Chinese words, a wrong prediction off by a percentage', async () => {
    const r = await predictAndRun(FIXTURE.python.zh, 'predict-instance', /你的预测/, '100');
    expect(r.baked.measured).toMatch(/^实测：\d+$/);
    const measured = Number(r.baked.measured.replace('实测：', ''));
    const percent = Math.round((Math.abs(100 - measured) / measured) * 100);
    expect(r.verdict).toBe(`✗ 你预测 100；实测 ${measured}：相差 ${percent}%（${100 - measured}），超出 ±10%。`);
    expect(r.measured).toBe(r.baked.measured);
    expect(r.open).toBe(true);
  }, 240_000);
});
