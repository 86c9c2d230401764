/// <reference lib="webworker" />
/** Web Worker entry: the engine in the reader's browser, exposed to the page through comlink. */
import * as Comlink from 'comlink';
import { createEngine } from './engine.ts';
import { holdLifeLock } from '../worker/life-lock.ts';
import { announceClose } from '../worker/worker-close.ts';
import type { PythonFiles } from '../protocol.ts';

// The heapbook package only (./native/ is the native CPython's driver, not the engine's).
const sources = import.meta.glob<string>('./heapbook/**/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const pythonFiles: PythonFiles = Object.fromEntries(Object.entries(sources).map(([path, text]) => [path.slice('./'.length), text]));

const scope = self as unknown as DedicatedWorkerGlobalScope;
const close = scope.close.bind(scope);
announceClose((message) => scope.postMessage(message), close);
// The page learns from this lock that the worker ended, however it ended (see engine-client.ts).
holdLifeLock(scope.name, (message) => scope.postMessage(message));
Comlink.expose(createEngine(pythonFiles));
