/** Node worker-thread entry of JavaScript cells, for the build executor and the tests. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { announceClose } from '../worker/worker-close.ts';
import { createJsEngine } from './engine.ts';
import { nodeHeapProbe } from './node-heap-probe.ts';

if (!parentPort) throw new Error('engine/js/node-worker.ts must run as a worker thread');
const engine = createJsEngine(nodeHeapProbe());
// As in the browser: an error from a timer or a promise goes to the cell that scheduled it, not the thread.
process.on('uncaughtException', (error) => engine.reportUncaught(error, 'error'));
process.on('unhandledRejection', (reason) => engine.reportUncaught(reason, 'rejection'));
const port = parentPort;
// A cell's `close()` ends the thread as it ends a browser's worker, and the host hears of it.
announceClose(
  (message) => port.postMessage(message),
  () => process.exit(0),
);
Comlink.expose(engine, nodeEndpoint(parentPort));
