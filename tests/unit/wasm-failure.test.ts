/** engine/python/wasm-failure.ts: a swallowed instantiation failure becomes a rejection that says what to check. */
import { describe, expect, it } from 'vitest';
import type { CreateModule } from '../../engine/python/snapshot/delta.ts';
import { rejectOnWasmFailure } from '../../engine/python/wasm-failure.ts';

const URL_ = 'https://docs.example/pyodide/pyodide.asm.wasm';
type Settings = Parameters<CreateModule>[0];

function sink() {
  const seen: unknown[][] = [];
  const console = { warn: (...args: unknown[]) => void seen.push(args) };
  return { console, seen, original: console.warn };
}

describe('a module factory guarded against a swallowed wasm failure', () => {
  it("rejects with Pyodide's error and what the host must check, where Pyodide would hang", async () => {
    const s = sink();
    // What Pyodide 314.0.7 does on failure: two warnings, and a promise that never settles.
    const hangs: CreateModule = () => {
      s.console.warn('wasm instantiation failed!');
      s.console.warn(new TypeError("Incorrect response MIME type. Expected 'application/wasm'."));
      return new Promise(() => undefined);
    };
    await expect(rejectOnWasmFailure(hangs, URL_, s.console)({} as Settings)).rejects.toThrow(
      `its WebAssembly could not be loaded (Incorrect response MIME type. Expected 'application/wasm'.). Check that ${URL_} is served with status 200 as application/wasm.`,
    );
    expect(s.console.warn).toBe(s.original);
    expect(s.seen).toEqual([]);
  });

  it('resolves with the module, lets other warnings through and puts console.warn back', async () => {
    const s = sink();
    const module = { HEAPU8: new Uint8Array(1) };
    const works = (async () => {
      s.console.warn('a deprecation notice');
      return module;
    }) as unknown as CreateModule;
    await expect(rejectOnWasmFailure(works, URL_, s.console)({} as Settings)).resolves.toBe(module);
    expect(s.seen).toEqual([['a deprecation notice']]);
    expect(s.console.warn).toBe(s.original);
  });

  it("passes the factory's own rejection on", async () => {
    const s = sink();
    const throws = (() => Promise.reject(new Error('no asm.mjs'))) as unknown as CreateModule;
    await expect(rejectOnWasmFailure(throws, URL_, s.console)({} as Settings)).rejects.toThrow('no asm.mjs');
    expect(s.console.warn).toBe(s.original);
  });
});
