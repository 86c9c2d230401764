/** Node worker-thread entry: the same engine, for the build executor and the tests. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createEngine } from './engine.ts';
import { readPythonFiles } from './node-files.ts';
import { announceClose } from '../worker/worker-close.ts';

if (!parentPort) throw new Error('engine/python/node-worker.ts must run as a worker thread');
const port = parentPort;
// `import js; js.close()` ends the thread as it ends a browser's worker, and the host hears of it.
announceClose(
  (message) => port.postMessage(message),
  () => process.exit(0),
);
Comlink.expose(createEngine(await readPythonFiles()), nodeEndpoint(parentPort));
