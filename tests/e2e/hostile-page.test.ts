/**
 * Hostile cells on a chapter page in Chromium: what the reader sees when a cell loops, sleeps, runs
 * out of memory or kills its interpreter. The engine's side of the same cases is in
 * tests/engine/hostile-python.test.ts and js-engine.test.ts; this file asserts what only the page
 * can show. Each case, on a fresh page:
 * - the reader first edits four cells: cell 0 makes a random token, cell 1 gets the hostile code,
 *   cell 2 (the next cell) shows the token, cell 3 gets an edit that is never run;
 * - the message: the cell's status, error and notice, and, where the interpreter had to be
 *   replaced, the restart announced in the engine bar too (and not announced where it went on);
 * - the recovery: the next cell runs and shows the token of the engine it runs in (the same token
 *   when the interpreter went on, a new one when it restarted and cell 0 ran again);
 * - no lost edits: every edited cell still holds its text after the case, and after a reload;
 * - the page stays responsive: the longest gap between 16 ms timer ticks of the page's main thread
 *   from the case's start until the next cell answered;
 * - the times: Stop to the cell's result, and to the next cell's answer.
 *
 * Every case prints one line, `hostile: <case> <outcome>, <times>`, and the file ends with a table.
 * Assertions are soft, so a failing case reports every broken expectation at once. Limits are
 * 3-5 times what was measured here (2 shared cores), not targets.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCode } from '../../scripts/chromium.ts';
import { openSite, type Site } from './browser.ts';
import { printReport, report } from '../hostile-report.ts';

/** Stop clicked until the cell's result, when KeyboardInterrupt works, or a JavaScript worker is ended (measured 0.1-0.2 s). */
const STOP_MS = 2_000;
/** Stop clicked until the result, when the Python worker had to be ended after the 1 s grace (measured 1.4 s; the issue asks under 2 s). */
const FORCED_STOP_MS = 2_000;
/** The result until the next cell answered, with a fresh Python engine started in between (measured 0.8-2.9 s). */
const RESTART_RECOVERY_MS = 10_000;
/** The result until the next cell answered, when the interpreter went on or the JavaScript worker was fresh (measured 0.2-0.4 s). */
const NEXT_CELL_MS = 2_000;
/**
 * The longest gap between the page's timer ticks while a case runs (measured 40-140 ms on a quiet
 * machine, up to 370 ms with the 2 cores loaded by other work). A page that froze shows seconds.
 */
const LONGEST_GAP_MS = 1_000;

let site: Site;

beforeAll(async () => {
  site = await openSite();
});

afterAll(async () => {
  await site?.close();
  printReport();
});

/** The visible cells of the page, in order. */
const cells = (page: Page) => page.locator('heapbook-cell:not([hidden])');

/**
 * Marks a cell's output as old; `live` finds the one a run puts in its place (a finished run
 * replaces the element, and the baked output from the build may have the same status).
 */
const markOld = (cell: Locator) => cell.locator(':scope > .hb-output').evaluate((el) => el.setAttribute('data-old', ''));
const live = (cell: Locator, status = '') =>
  cell.locator(`:scope > .hb-output:not([data-old]):not([data-status="running"])${status ? `[data-status="${status}"]` : ''}`);

/** The text in a cell's editor, line by line as the reader sees it. */
const editorText = async (cell: Locator) => (await cell.locator('.cm-line').allTextContents()).join('\n');

/** Counts the longest gap between timer ticks of the page's main thread since the last `resetGap`. */
function watchMainThread(): void {
  const state = { last: performance.now(), longest: 0 };
  (window as unknown as { hbGap: typeof state }).hbGap = state;
  setInterval(() => {
    const now = performance.now();
    state.longest = Math.max(state.longest, now - state.last);
    state.last = now;
  }, 16);
}
const resetGap = (page: Page) =>
  page.evaluate(() => {
    const state = (window as unknown as { hbGap: { last: number; longest: number } }).hbGap;
    state.last = performance.now();
    state.longest = 0;
  });
const longestGap = (page: Page) => page.evaluate(() => (window as unknown as { hbGap: { longest: number } }).hbGap.longest);

interface Language {
  chapter: string;
  engineName: RegExp;
  /** Cell 0: a token unique to the engine it ran in, as the cell's value. */
  token: string;
  /** Cell 2, the next cell: shows the token. */
  next: string;
  /** Cell 3: an edit that is never run. */
  untouched: string;
  /** What the reader puts in the hostile cell once it failed, so that later runs do not repeat it. */
  fixed: string;
  stop: string;
  run: string;
}

const PYTHON: Language = {
  chapter: '/en/intro/',
  engineName: /^Python engine: /,
  token: 'import os\ntoken = os.urandom(6).hex()\ntoken',
  next: 'token',
  untouched: '# the reader wrote this and never ran it\nnotes = "kept"',
  fixed: 'fixed = True',
  stop: 'Stop',
  run: 'Run',
};

const JAVASCRIPT: Language = {
  chapter: '/en/js-closures/',
  engineName: /^JavaScript engine: /,
  token: 'const token = crypto.randomUUID().slice(0, 12)\ntoken',
  next: 'token',
  untouched: '// the reader wrote this and never ran it\nconst notes = "kept"',
  fixed: 'const fixed = true',
  stop: 'Stop',
  run: 'Run',
};

const JAVASCRIPT_ZH: Language = {
  ...JAVASCRIPT,
  chapter: '/zh-cn/js-closures/',
  engineName: /^JavaScript 引擎：/,
  stop: '停止',
  run: '运行',
};

interface Case {
  name: string;
  lang: Language;
  code: string;
  /** Press Stop this long after the cell shows it is running; without it the cell ends by itself. */
  stopAfterMs?: number;
  /** The statuses the cell may end with (one, except where the engine legitimately races). */
  status: string;
  /** Whether the interpreter had to be replaced (so earlier names are gone and the bar says so). */
  restarted: boolean;
  /** The cause the engine bar names (`data-restarted`). */
  restartCause?: string;
  /** The bar's words after "restarted", a fragment. */
  barSays?: RegExp;
  error?: RegExp;
  notice?: RegExp | null;
  /** The explanation the page adds under an error it recognised (`.hb-error-hint`). */
  hint?: RegExp;
  /** Limit for the cell's result: from Stop when it has one, else from Run. */
  endedWithinMs: number;
  recoveredWithinMs: number;
}

interface Outcome {
  status: string;
  endedMs: number;
  recoveredMs: number;
  gapMs: number;
}

async function openChapter(lang: Language): Promise<{ page: Page; context: BrowserContext }> {
  const context = await site.browser.newContext();
  await context.addInitScript(watchMainThread);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  await page.goto(site.url(lang.chapter));
  await page.locator('heapbook-engine-bar').waitFor();
  return { page, context };
}

async function runHostile(c: Case): Promise<Outcome> {
  const { page, context } = await openChapter(c.lang);
  let crashed = false;
  page.on('crash', () => (crashed = true));
  try {
    const [tokenCell, hostile, next, untouched] = [0, 1, 2, 3].map((i) => cells(page).nth(i)) as [Locator, Locator, Locator, Locator];
    const run = (cell: Locator) => cell.getByRole('button', { name: c.lang.run, exact: true }).click();
    // The reader's edits before the case, in other cells than the hostile one.
    await replaceCode(page, tokenCell, c.lang.token);
    await replaceCode(page, next, c.lang.next);
    await replaceCode(page, untouched, c.lang.untouched);
    await replaceCode(page, hostile, c.code);
    const edits = new Map<Locator, string>([
      [tokenCell, c.lang.token],
      [next, c.lang.next],
      [untouched, c.lang.untouched],
    ]);

    // Cell 0 runs first (the plan runs earlier cells), then the hostile cell.
    for (const cell of [tokenCell, hostile, next]) await markOld(cell);
    const ranAt = Date.now();
    await resetGap(page);
    await run(hostile);
    const tokenValue = live(tokenCell, 'ok').locator('.hb-value');
    await tokenValue.waitFor({ timeout: 60_000 });
    // textContent: a long output can push cell 0 out of view, where content-visibility leaves innerText empty.
    const token = (await tokenValue.textContent()) ?? '';
    let endedFrom = ranAt;
    if (c.stopAfterMs !== undefined) {
      await expect.poll(() => hostile.getAttribute('data-state'), { timeout: 10_000 }).toBe('running');
      await page.waitForTimeout(c.stopAfterMs);
      endedFrom = Date.now();
      await hostile.getByRole('button', { name: c.lang.stop }).click();
    }
    const output = live(hostile);
    await output.waitFor({ timeout: 90_000 });
    const endedAt = Date.now();
    const status = (await output.getAttribute('data-status')) ?? '';

    // The message, in the cell.
    expect.soft(crashed, 'the page did not crash').toBe(false);
    expect.soft(status).toBe(c.status);
    const errorText = (await output.locator('.hb-error').count()) ? await output.locator('.hb-error').innerText() : null;
    if (c.error) expect.soft(errorText).toMatch(c.error);
    if (c.hint) expect.soft(await output.locator('.hb-error-hint').innerText()).toMatch(c.hint);
    const notice = (await output.locator('.hb-notice').count()) ? await output.locator('.hb-notice').innerText() : null;
    if (c.notice === null) expect.soft(notice).toBeNull();
    else if (c.notice) expect.soft(notice).toMatch(c.notice);
    expect.soft(await page.evaluate(() => 6 * 7), 'the page answers').toBe(42);

    // The message, in the engine bar.
    const bar = page.locator(`heapbook-engine-bar .hb-engine-state[data-lang="${c.lang === PYTHON ? 'python' : 'javascript'}"]`);
    if (c.restarted) {
      await expect.poll(() => bar.getAttribute('data-restarted'), { timeout: 5_000 }).toBe(c.restartCause);
      const said = await bar.innerText();
      expect.soft(said).toMatch(c.lang.engineName);
      if (c.barSays) expect.soft(said).toMatch(c.barSays);
    } else {
      expect.soft(await bar.getAttribute('data-restarted'), 'no restart announced').toBeNull();
    }

    // The recovery: the reader fixes the hostile cell unless it counts as run, then runs the next one.
    if (status !== 'error') await replaceCode(page, hostile, c.lang.fixed);
    edits.set(hostile, status !== 'error' ? c.lang.fixed : c.code);
    await run(next);
    const answer = live(next, 'ok').locator('.hb-value');
    await answer.waitFor({ timeout: 60_000 });
    const recoveredAt = Date.now();
    const gapMs = await longestGap(page);
    const shown = (await answer.textContent()) ?? '';
    const tokenNow = (await live(tokenCell, 'ok').locator('.hb-value').textContent()) ?? '';
    expect.soft(shown, 'the next cell sees the token of the engine it runs in').toBe(tokenNow);
    if (c.restarted) expect.soft(shown, 'a fresh engine: cell 0 ran again and made a new token').not.toBe(token);
    else expect.soft(shown, 'the same interpreter: earlier names kept').toBe(token);
    expect.soft(await next.locator('.hb-metrics', { hasText: /measured live|现场测得/ }).count(), 'the next cell is measured').toBe(1);
    if (c.restarted) {
      // Running a cell is the news the announcement waited for.
      await expect.poll(() => bar.getAttribute('data-restarted')).toBeNull();
    }

    // No lost edits: in the page, and after a reload (from the edit store).
    for (const [cell, code] of edits) expect.soft(await editorText(cell)).toBe(code);
    await page.reload();
    for (const [cell, code] of edits) {
      await cell.locator('.cm-content').waitFor();
      expect.soft(await editorText(cell), 'the edit survives a reload').toBe(code);
    }

    const outcome: Outcome = { status, endedMs: endedAt - endedFrom, recoveredMs: recoveredAt - endedAt, gapMs };
    report(c.name, `${status}${c.restarted ? ' + restart announced' : ''}`, {
      [c.stopAfterMs !== undefined ? 'stopped' : 'ended']: outcome.endedMs,
      'next cell': outcome.recoveredMs,
      'longest main-thread gap': gapMs,
    });
    expect.soft(outcome.endedMs).toBeLessThan(c.endedWithinMs);
    expect.soft(outcome.recoveredMs).toBeLessThan(c.recoveredWithinMs);
    expect.soft(gapMs).toBeLessThan(LONGEST_GAP_MS);
    return outcome;
  } finally {
    await context.close();
  }
}

const LOST = 'Variables from earlier cells are gone.';
const FORCED = `The cell did not stop within 1 s of KeyboardInterrupt, so the engine was restarted. ${LOST}`;
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Stop pressed on a running cell, which ends only when its worker is replaced. */
const STOP_RESTARTS = { stopAfterMs: 300, status: 'restarted', restarted: true, restartCause: 'stop' } as const;
/** The same for a Python cell that ignores KeyboardInterrupt for the 1 s grace period. */
const PYTHON_FORCED_STOP = {
  ...STOP_RESTARTS,
  notice: exactly(FORCED),
  endedWithinMs: FORCED_STOP_MS,
  recoveredWithinMs: RESTART_RECOVERY_MS,
};
/** A cell that fails in a way the interpreter survives: an exception, the next cell sees earlier names. */
const SURVIVED = { status: 'error', restarted: false, notice: null, endedWithinMs: 10_000, recoveredWithinMs: NEXT_CELL_MS } as const;

describe('hostile Python on a chapter page', () => {
  it('while True: pass + Stop — KeyboardInterrupt within 2 s, names kept, no restart', async () => {
    await runHostile({
      name: 'py-while-true-stop',
      lang: PYTHON,
      code: 'while True: pass',
      stopAfterMs: 300,
      status: 'interrupted',
      restarted: false,
      error: /KeyboardInterrupt$/,
      notice: null,
      endedWithinMs: STOP_MS,
      recoveredWithinMs: NEXT_CELL_MS,
    });
  });

  it('time.sleep(60) + Stop — ignores KeyboardInterrupt: the worker is ended under 2 s, restart announced', async () => {
    await runHostile({
      name: 'py-time-sleep-stop',
      lang: PYTHON,
      code: 'import time\ntime.sleep(60)',
      ...PYTHON_FORCED_STOP,
      barSays: /restarted to stop the cell; variables from earlier cells are gone$/,
    });
  });

  it('sum(range(10**12)) + Stop — C code never checks signals: the worker is ended, restart announced', async () => {
    await runHostile({
      name: 'py-sum-range-stop',
      lang: PYTHON,
      code: 'sum(range(10**12))',
      ...PYTHON_FORCED_STOP,
    });
  });

  it('#| timeout: 500 typed by the reader — the loop stops at its time limit, names kept', async () => {
    await runHostile({
      name: 'py-typed-time-limit',
      lang: PYTHON,
      code: '#| timeout: 500\nwhile True:\n    pass',
      status: 'timeout',
      restarted: false,
      error: /KeyboardInterrupt$/,
      notice: exactly('The cell was stopped at its time limit of 500 ms.'),
      // From Run: cell 0 first, then 500 ms of loop and the interrupt.
      endedWithinMs: 500 + STOP_MS + 3_000,
      recoveredWithinMs: NEXT_CELL_MS,
    });
  });

  it("json.loads('[' * 100000) — a fatal C stack overflow: the engine restarts and says why", async () => {
    await runHostile({
      name: 'py-json-stack-overflow',
      lang: PYTHON,
      code: "import json\njson.loads('[' * 100000)",
      status: 'restarted',
      restarted: true,
      restartCause: 'crashed',
      barSays: /restarted after the interpreter crashed; variables from earlier cells are gone$/,
      error:
        /^Where the cell was when the engine failed \(most recent call first\):\n {2}File "<cell [\w-]+>", line 2 in <module>\n[\s\S]*FatalError: the Python engine failed fatally/,
      notice: exactly('The Python engine crashed and was restarted: variables from earlier cells are gone.'),
      endedWithinMs: 15_000,
      recoveredWithinMs: RESTART_RECOVERY_MS,
    });
  });

  it('[0]*10**9 — MemoryError at once (4 GB of pointers on wasm32), interpreter fine, names kept', async () => {
    await runHostile({
      name: 'py-list-10e9',
      lang: PYTHON,
      code: '[0]*10**9',
      ...SURVIVED,
      error: /^Traceback[\s\S]*\nMemoryError$/,
    });
  });

  it('bytearray(3*1024**3) — OverflowError: 3 GiB does not fit a 32-bit Py_ssize_t; names kept', async () => {
    await runHostile({
      name: 'py-bytearray-3gib',
      lang: PYTHON,
      code: 'b = bytearray(3*1024**3)',
      ...SURVIVED,
      error: /OverflowError: cannot fit 'int' into an index-sized integer$/,
    });
  });

  it('sys.setrecursionlimit(10**6) and unbounded recursion — capped: RecursionError within seconds that says why, names kept', async () => {
    // Recursion through C (a __repr__ calling repr()) overflows Chromium's worker stack even below
    // the default limit of 1,000 (measured: fatal at 1,000), which no recursion limit prevents:
    // that is the fatal-crash case above (restart, said so), not this one.
    await runHostile({
      name: 'py-deep-recursion',
      lang: PYTHON,
      code: 'import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1000)\nf(0)',
      ...SURVIVED,
      error:
        /\n {2}\[… [\d,]+ more frames not shown …\]\n[\s\S]*\nRecursionError: maximum recursion depth exceeded\nThe cell's sys\.setrecursionlimit\(1_000_000\) was capped at 3_000: /,
      endedWithinMs: 10_000,
    });
  });

  it('input() — the page has no standard input: said plainly, with what to do instead; names kept', async () => {
    await runHostile({
      name: 'py-input',
      lang: PYTHON,
      code: 'name = input("Your name? ")',
      ...SURVIVED,
      error: /\n {4}name = input\("Your name\? "\)\nNoStandardInput: this page has no standard input to read from$/,
      hint: exactly(
        'This page has no standard input, so input() and sys.stdin cannot read anything. Assign the value in the code instead: name = "Ada" in place of name = input().',
      ),
    });
  });

  it('import js; js.close() — the worker closes itself: said on the cell at once, the engine restarts, no 120 s wait', async () => {
    await runHostile({
      name: 'py-js-close',
      lang: PYTHON,
      code: 'import js\njs.close()',
      status: 'restarted',
      restarted: true,
      restartCause: 'worker-ended',
      barSays: /restarted after a cell's code closed its worker; variables from earlier cells are gone$/,
      notice: exactly(
        `The cell's code closed the Python engine's worker (close(), which ends the engine), so the engine was replaced by a fresh one. ${LOST}`,
      ),
      endedWithinMs: 10_000,
      recoveredWithinMs: RESTART_RECOVERY_MS,
    });
  });
});

describe('hostile JavaScript on a chapter page', () => {
  const LOOP = { code: 'let spins = 0\nwhile (true) spins++', ...STOP_RESTARTS, endedWithinMs: STOP_MS, recoveredWithinMs: NEXT_CELL_MS };

  it('while (true) + Stop — the worker is ended within 2 s, restart announced', async () => {
    await runHostile({
      name: 'js-infinite-loop-stop',
      lang: JAVASCRIPT,
      ...LOOP,
      barSays: /restarted to stop the cell; variables from earlier cells are gone$/,
      notice: exactly(`JavaScript cannot be interrupted from outside, so the JavaScript worker was ended and a fresh one started. ${LOST}`),
    });
  });

  it('while (true) + Stop on the Chinese page — the same, in Chinese', async () => {
    await runHostile({
      name: 'js-infinite-loop-stop-zh',
      lang: JAVASCRIPT_ZH,
      ...LOOP,
      barSays: /已重启以停止单元；之前单元定义的变量已不复存在$/,
      notice: exactly('JavaScript 无法从外部中断，因此已结束 JavaScript worker 并启动了一个新的。之前单元定义的变量已不复存在。'),
    });
  });

  it('self.close() — the worker closes itself: the cell names the cause, the engine restarts', async () => {
    await runHostile({
      name: 'js-self-close',
      lang: JAVASCRIPT,
      code: 'self.close()',
      status: 'restarted',
      restarted: true,
      restartCause: 'worker-ended',
      barSays: /restarted after a cell's code closed its worker; variables from earlier cells are gone$/,
      notice: exactly(
        `The cell's code closed the JavaScript engine's worker (close(), which ends the engine), so the engine was replaced by a fresh one. ${LOST}`,
      ),
      endedWithinMs: 10_000,
      recoveredWithinMs: RESTART_RECOVERY_MS,
    });
  });

  it("a cell that steals the engine's life lock — named as such, not as running out of memory; the engine restarts", async () => {
    await runHostile({
      name: 'js-steal-life-lock',
      lang: JAVASCRIPT,
      code: 'await navigator.locks.request(self.name, { steal: true }, () => undefined)\n"stolen"',
      status: 'restarted',
      restarted: true,
      restartCause: 'worker-ended',
      barSays: /restarted after a cell's code took its life lock; variables from earlier cells are gone$/,
      notice: exactly(
        `The cell's code took the Web Lock by which the page knows the JavaScript engine is alive (navigator.locks with steal: true), so the page could no longer tell whether it runs and replaced it with a fresh one. ${LOST}`,
      ),
      endedWithinMs: 10_000,
      recoveredWithinMs: RESTART_RECOVERY_MS,
    });
  });

  it('a cell that allocates without bound — its process ends, not the page: message, automatic restart, responsive page', async () => {
    // In a dedicated worker this crashes the whole page after 7-11 s here (see src/page/isolated-worker.ts).
    await runHostile({
      name: 'js-unbounded-allocation',
      lang: JAVASCRIPT,
      code: 'const hoard = []\nfor (;;) hoard.push(new Array(1e6).fill(1))',
      status: 'restarted',
      restarted: true,
      restartCause: 'worker-ended',
      barSays: /restarted after its process ended, most likely out of memory; variables from earlier cells are gone$/,
      notice: exactly(
        `The JavaScript engine stopped while this cell ran: its process ended, most likely because the cell used up the memory the browser gives it. A fresh engine was started. ${LOST}`,
      ),
      // About 4 GiB of arrays: 7-11 s here.
      endedWithinMs: 60_000,
      recoveredWithinMs: NEXT_CELL_MS,
    });
  });
});
