/** Node worker-thread entry of JavaScript cells, for the build executor and the tests. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createJsEngine } from './js-engine.ts';
import { nodeHeapProbe } from './node-heap-probe.ts';

if (!parentPort) throw new Error('node-js-engine-worker.ts must run as a worker thread');
const engine = createJsEngine(nodeHeapProbe());
// As in the browser: an error from a timer or a promise goes to the running cell, not the thread.
process.on('uncaughtException', (error) => engine.reportUncaught(error, 'error'));
process.on('unhandledRejection', (reason) => engine.reportUncaught(reason, 'rejection'));
Comlink.expose(engine, nodeEndpoint(parentPort));
