/**
 * Runs a chapter's Python cells on the build machine's own CPython (`HEAPBOOK_NATIVE_PYTHON`,
 * default `python3`) through `engine/python/native/run_native.py`, so that cells marked
 * `#| native: true` can show measured 64-bit figures beside the wasm32 ones. All cells run, in
 * order, because later cells depend on earlier ones; only the marked ones are shown.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../engine/protocol.ts';
import type { ExecRequest } from './remark-cells.ts';

const DRIVER = fileURLToPath(new URL('../../engine/python/native/run_native.py', import.meta.url));

/** What the native interpreter said about itself, and its results aligned with the requests. */
export interface NativeRun {
  /** For example "CPython 3.11.2, x86_64 (64-bit, Linux)". */
  platform: string;
  /** One per request; null where the cell was not run (after a failure or time limit). */
  results: Array<RunResult | null>;
}

/** The interpreter to use; a hosting team without Python builds without the 64-bit figures. */
export function nativePython(): string {
  return process.env['HEAPBOOK_NATIVE_PYTHON'] || 'python3';
}

/**
 * Runs the requests; rejects with a sentence saying what to change when the interpreter cannot
 * be started or stops talking.
 */
export function runNative(requests: ExecRequest[], python = nativePython()): Promise<NativeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    const results: Array<RunResult | null> = requests.map(() => null);
    let platform: string | null = null;
    let next = 0;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.kill();
      if (error && platform === null) reject(error);
      else resolve({ platform: platform ?? 'unknown', results });
    };
    const send = () => {
      const request = requests[next];
      if (!request) return finish();
      timer = setTimeout(() => finish(new Error('time limit')), request.timeoutMs);
      child.stdin.write(`${JSON.stringify({ cellId: request.cellId, code: request.code, check: request.check ?? null })}\n`);
    };
    child.on('error', (err) =>
      finish(
        new Error(
          `cannot start "${python}" for the 64-bit figures (${err.message}): install Python 3.11 or later, or set HEAPBOOK_NATIVE_PYTHON`,
        ),
      ),
    );
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => {
      if (next < requests.length) finish(new Error(`"${python}" exited with code ${code}: ${stderr.trim().slice(-500)}`));
    });
    child.stdin.on('error', () => {
      // The exit handler reports why the interpreter went away.
    });
    lines.on('line', (line) => {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        // Something wrote to the protocol's stream directly (os.system, sys.__stdout__): stop here.
        return finish(new Error(`"${python}" wrote a line that is not the runner's: ${line.slice(0, 200)}`));
      }
      if (platform === null) {
        platform = (message as { platform: string }).platform;
        return send();
      }
      clearTimeout(timer);
      results[next++] = { notice: null, ...(message as Omit<RunResult, 'notice'>) };
      send();
    });
  });
}
