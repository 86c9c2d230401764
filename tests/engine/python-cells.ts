/**
 * What the engine test files that run Python cells share: one engine started before a file's tests
 * (with a first cell of imports) and disposed after them, and ways to run cells and read results.
 */
import { afterAll, beforeAll } from 'vitest';
import type { EngineHost } from '../../engine/host/engine-host.ts';
import { createNodeEngine } from '../../engine/python/node-engine.ts';
import type { RunResult } from '../../engine/protocol.ts';

/** The text a cell printed to stdout. */
export function stdout(r: RunResult): string {
  return r.stream
    .filter((c) => c.stream === 'stdout')
    .map((c) => c.text)
    .join('');
}

/** The rich value a cell returned under `mime`; a clear error when it returned none. */
export function rich<T>(r: RunResult, mime: string): T {
  const data = (r.value as Record<string, unknown> | null)?.[mime];
  if (data === undefined) throw new Error(`no ${mime} in ${JSON.stringify(r.value)}`);
  return data as T;
}

/**
 * Registers the file's engine: started in `beforeAll`, which then runs `setup` (it must succeed),
 * and disposed in `afterAll`. Cell ids are `prefix` and a count, unique within the file.
 */
export function pythonEngine(prefix: string, setup: string) {
  let engine: EngineHost | undefined;
  let n = 0;

  function host(): EngineHost {
    if (!engine) throw new Error('the Python engine starts in beforeAll: run cells inside a test or hook');
    return engine;
  }

  /** Runs a cell and returns its result, whatever its status. */
  function attempt(code: string): Promise<RunResult> {
    return host().run({ cellId: `${prefix}${++n}`, lang: 'python', code });
  }

  /** Runs a cell that must succeed: an error is thrown with the cell's error and code. */
  async function run(code: string): Promise<RunResult> {
    const result = await attempt(code);
    if (result.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(result.error)}\n${code}`);
    return result;
  }

  /** Runs a cell whose last line prints one JSON document, and returns it parsed. */
  async function facts<T = Record<string, unknown>>(code: string): Promise<T> {
    return JSON.parse(
      stdout(await run(code))
        .trim()
        .split('\n')
        .at(-1) ?? 'null',
    ) as T;
  }

  beforeAll(async () => {
    engine = createNodeEngine();
    await engine.start();
    await run(setup);
  });
  afterAll(() => engine?.dispose());

  return { host, attempt, run, facts };
}
