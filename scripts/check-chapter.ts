/**
 * Runs a chapter's cells through the engine exactly as the build does and prints what each one
 * gave, without building the site. For writers:  npm run check-chapter -- content/docs/en/gc.mdx
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { withoutFrontmatter } from '../src/lib/chapter-source.ts';
import { VFile } from 'vfile';
import { executeSteps } from '../src/build/execute-steps.ts';
import { formatMetrics } from '../src/lib/format.ts';
import { remarkCells, type ExecRequest, type PageRun } from '../src/lib/remark-cells.ts';

const cacheDir = new URL('../.heapbook-cache/', import.meta.url).pathname;


let failed = 0;
for (const arg of process.argv.slice(2)) {
  const path = resolve(arg);
  const file = new VFile({ path, value: withoutFrontmatter(await readFile(path, 'utf8')) });
  let steps: ExecRequest[] = [];
  let run: PageRun | null = null;
  const execute = async (requests: ExecRequest[]) => {
    steps = requests;
    run = await executeSteps(requests, { cacheDir });
    return run;
  };
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkCells, { execute });
  let problem = '';
  try {
    await processor.run(processor.parse(file), file);
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  console.log(`\n=== ${arg}`);
  const results = (run as PageRun | null)?.results ?? [];
  steps.forEach((step, i) => {
    const r = results[i];
    if (!r) return;
    console.log(`--- ${step.cellId} [${r.status}]`);
    for (const c of r.stream) process.stdout.write(c.stream === 'stderr' ? `[stderr] ${c.text}` : c.text);
    if (r.stream.length && !r.stream.at(-1)?.text.endsWith('\n')) console.log();
    if (r.value) console.log(`=> ${r.value['text/plain']}`);
    if (r.error) console.log(r.error.traceback.join('\n') || `${r.error.type}: ${r.error.message}`);
    if (r.metrics) console.log(`   [${formatMetrics(r.metrics)}]`);
  });
  if (problem) {
    failed++;
    console.log(`\nFAILED: ${problem}`);
  } else console.log(`\nOK: ${steps.length} steps`);
}
process.exit(failed ? 1 : 0);
