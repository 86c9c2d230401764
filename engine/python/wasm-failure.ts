/**
 * Pyodide 314.0.7 swallows a failed instantiation of its WebAssembly: when `pyodide.asm.wasm`
 * cannot be fetched, is served with the wrong MIME type, is damaged, or memory runs out, Pyodide
 * only calls `console.warn("wasm instantiation failed!")` and `console.warn(error)`, and
 * `loadPyodide()` never settles (pyodide/pyodide#6288; a fix was proposed in #6296). The reader
 * would see "loading" for ever.
 *
 * `rejectOnWasmFailure` wraps the module factory (the `createPyodideModule` option) so that it
 * rejects with Pyodide's own error instead, and says what a host must check. Other warnings pass
 * through; `console.warn` is restored as soon as the module is created or has failed.
 */
import type { CreateModule } from './snapshot/delta.ts';

const PYODIDE_SIGNAL = 'wasm instantiation failed!';

export function rejectOnWasmFailure(create: CreateModule, wasmUrl: string, sink: Pick<Console, 'warn'> = console): CreateModule {
  return (settings) =>
    new Promise((resolve, reject) => {
      const warn = sink.warn;
      let failing = false;
      const restore = () => {
        sink.warn = warn;
      };
      sink.warn = (...args: unknown[]) => {
        if (args[0] === PYODIDE_SIGNAL) {
          failing = true;
          return;
        }
        if (!failing) {
          warn.apply(sink, args);
          return;
        }
        restore();
        const why = args[0] instanceof Error ? args[0].message : String(args[0]);
        reject(
          new Error(`its WebAssembly could not be loaded (${why}). Check that ${wasmUrl} is served with status 200 as application/wasm.`),
        );
      };
      create(settings).then(
        (module) => {
          restore();
          resolve(module);
        },
        (err: unknown) => {
          restore();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
}
