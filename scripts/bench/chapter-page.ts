/**
 * Drives a chapter page of the built site as a reader does, and times runs inside the page: the
 * click's own event time and the moment the cell's finished output (with its metrics line)
 * replaces the running one, both in ms since navigation start. Functions passed to `evaluate` run
 * in the page, so they are self-contained.
 */
import type { Locator, Page } from 'playwright-core';

/** The reader's first cell on the page (hidden setup cells run with it but are not shown). */
export function firstCell(page: Page): Locator {
  return page.locator('heapbook-cell:not([hidden])').first();
}

export interface RunTiming {
  /** The Run click's event time. */
  clickAt: number;
  /** When the finished output was in the DOM. */
  outputAt: number;
}

interface Finished extends RunTiming {
  status: string;
  metrics: string;
  tail: string;
}

type WatchedCell = HTMLElement & { benchNextOutput?: Promise<Finished> };

const OUTPUT_TIMEOUT_MS = 120_000;

/** In the page: notes the next Run click on the cell and resolves when its output is finished. */
function watchNextOutput(element: HTMLElement, timeoutMs: number): void {
  const cell = element as WatchedCell;
  const before = cell.querySelector(':scope > .hb-output');
  let clickAt = Number.NaN;
  const onClick = (event: Event) => {
    if (!(event.target instanceof Element) || !event.target.closest('button.hb-run')) return;
    clickAt = event.timeStamp;
    cell.removeEventListener('click', onClick, true);
  };
  cell.addEventListener('click', onClick, true);
  cell.benchNextOutput = new Promise((resolve, reject) => {
    // A finished run replaces the cell's output element; while running, the old one is emptied.
    const observer = new MutationObserver(() => {
      const output = cell.querySelector<HTMLElement>(':scope > .hb-output');
      if (!output || output === before || output.dataset['status'] === 'running') return;
      const outputAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      // The output's own text, without the disclosures of the run's readings (the memory gutter,
      // Left behind), which come after it and would fill the tail with their explanations.
      const shown = output.cloneNode(true) as HTMLElement;
      for (const reading of shown.querySelectorAll('details')) reading.remove();
      const text = shown.textContent ?? '';
      resolve({
        clickAt,
        outputAt,
        status: output.dataset['status'] ?? '',
        metrics: output.querySelector('.hb-metrics')?.textContent ?? '',
        tail: text.slice(-300),
      });
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no output ${timeoutMs / 1000} s after Run`));
    }, timeoutMs);
    observer.observe(cell, { childList: true });
  });
}

/**
 * Clicks the cell's Run button and waits for its live output; fails unless the run went well.
 * The cell is found once and everything after works inside it: Playwright resolves a locator by
 * walking the whole page in the page's own main thread, about 13 ms a time on /en/gc/ (CPU profile,
 * 30 warm runs), and a lookup right after the click ran while the worker's answer waited, so the
 * bench measured its own selector engine in every figure.
 */
export async function timedRun(cell: Locator): Promise<RunTiming & { tail: string }> {
  const element = await cell.elementHandle();
  if (!element) throw new Error('the cell is not on the page');
  try {
    const run = await element.waitForSelector('button.hb-run');
    await element.evaluate(watchNextOutput, OUTPUT_TIMEOUT_MS);
    await run.click();
    await run.dispose();
    const done = await element.evaluate((node) => (node as WatchedCell).benchNextOutput as Promise<Finished>);
    if (done.status !== 'ok' || !done.metrics) {
      throw new Error(`the cell finished with status "${done.status}": …${done.tail}`);
    }
    if (!(done.clickAt <= done.outputAt)) throw new Error(`the Run click was not seen by the page (${done.clickAt})`);
    return done;
  } finally {
    await element.dispose();
  }
}

/** Where a page's first run spent its time, in ms from navigation start (null: not known). */
export interface RunMilestones {
  /** The page's DOMContentLoaded event ended: its scripts have run and defined the cells. */
  domContentLoaded: number | null;
  /** When the cell's engine was first ready (as the engine bar saw it). */
  engineReadyAt: number | null;
}

/** Read after a run on `cell`'s page: when the page and the cell's engine were ready. */
export async function runMilestones(cell: Locator): Promise<RunMilestones> {
  return cell.evaluate((element) => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const lang = element.getAttribute('data-lang') ?? 'python';
    const ready = document.querySelector<HTMLElement>(`heapbook-engine-bar .hb-engine-state[data-lang="${lang}"]`)?.dataset['readyAt'];
    return {
      domContentLoaded: navigation && navigation.domContentLoadedEventEnd > 0 ? navigation.domContentLoadedEventEnd : null,
      engineReadyAt: ready ? Number(ready) : null,
    };
  });
}

type LongTaskWindow = Window & { benchLongTasks?: { start: number; duration: number }[] };

/** Starts recording main-thread tasks of 50 ms or more (the browser reports no shorter ones). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as LongTaskWindow).benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

/** The longest recorded task that started in [from, to] ms, or 0 when none reached 50 ms. */
export function longestTask(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    ([start, end]) =>
      Math.max(
        0,
        ...((window as LongTaskWindow).benchLongTasks ?? [])
          .filter((task) => task.start >= start && task.start <= end)
          .map((task) => task.duration),
      ),
    [from, to] as const,
  );
}
