/** Twins building at the same time (same cells) run once: the second waits for the first. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, expect, it } from 'vitest';
import { executeSteps } from '../../src/build/execute-steps.ts';
import type { ExecRequest } from '../../src/build/remark-cells.ts';

const cacheDir = mkdtempSync(`${tmpdir()}/heapbook-twins-`);
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

it('runs the same steps once when two chapters ask at the same time', async () => {
  const steps: ExecRequest[] = [
    {
      cellId: 'a',
      lang: 'javascript',
      code: 'globalThis.runs = (globalThis.runs ?? 0) + 1; const stamp = Math.random();',
      timeoutMs: 30_000,
    },
    { cellId: 'b', lang: 'javascript', code: 'stamp', timeoutMs: 30_000 },
  ];
  const [en, zh] = await Promise.all([executeSteps(steps, { cacheDir }), executeSteps(steps, { cacheDir })]);
  expect(en.cached).toBeUndefined();
  expect(typeof en.ms).toBe('number');
  expect(zh.cached).toBe(true);
  // The same run: a random number drawn once.
  expect(zh.results[1]?.value?.['text/plain']).toBe(en.results[1]?.value?.['text/plain']);
  expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  const later = await executeSteps(steps, { cacheDir });
  expect([later.cached, later.results[1]?.value?.['text/plain']]).toEqual([true, en.results[1]?.value?.['text/plain']]);
}, 60_000);
