/**
 * `npm run check-chapter -- FILE --watch`: reruns on save, from the first edited step, and shows a
 * failure with its line, the code around it, what was expected and what came out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(`${tmpdir()}/heapbook-watch-`);
const file = `${dir}/demo.mdx`;
const chapter = (total: string) => `---
title: Demo
---

\`\`\`python run
#| id: items-${process.pid}
items = [1, 2, 3]
\`\`\`

\`\`\`python run
#| id: total
#| check: total == 6
total = ${total}
total
\`\`\`
`;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reruns only the edited cell on save, and reports its failure in place', async () => {
  writeFileSync(file, chapter('sum(items)'));
  const child = spawn(process.execPath, [`${ROOT}scripts/check-chapter.ts`, file, '--watch'], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const waitFor = async (count: number) => {
    const t0 = Date.now();
    while ((out.match(/; watching /g) ?? []).length < count) {
      if (Date.now() - t0 > 100_000) throw new Error(`timed out; output so far:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  try {
    await waitFor(1);
    expect(out).toContain('2 cells (0 cached)');
    expect(out).toContain('OK');
    // A pause for reading; the rerun waits for the standby engine if it is still replaying.
    await new Promise((r) => setTimeout(r, 2000));
    const before = out.length;
    writeFileSync(file, chapter('sum(items) + 1'));
    await waitFor(2);
    const rerun = out.slice(before);
    expect(rerun).toContain('2 cells (1 cached)');
    expect(rerun).toMatch(/reused 1 steps, replayed 0 \(on the engine prepared in the background\), ran 1/);
    expect(rerun).not.toContain(`--- items-${process.pid}`);
    expect(rerun).toContain(`${file}:12: cell "total": the check \`total == 6\` is false.`);
    expect(rerun).toContain('> 12 | #| check: total == 6\n  13 | total = sum(items) + 1');
    expect(rerun).toContain('  expected: `total == 6` to be true after the cell (#| check)');
    expect(rerun).toContain('           value: 7');
  } finally {
    child.kill();
  }
}, 150_000);
