/** Debian's Chromium as the end-to-end tests and the benchmark launch it (Playwright cannot download one here). */
import type { Locator, Page } from 'playwright-core';

export const CHROMIUM = process.env['HEAPBOOK_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Replaces a cell's code through its editor, as a reader would (the editor loads on first click). */
export async function replaceCode(page: Page, cell: Locator, code: string): Promise<void> {
  const editor = cell.locator('.cm-content');
  if ((await editor.count()) === 0) await cell.locator('.expressive-code').click();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}
