/** Node worker-thread entry of JavaScript cells, for the build executor and the tests. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createJsEngine } from './js-engine.ts';
import { nodeHeapProbe } from './node-heap-probe.ts';

if (!parentPort) throw new Error('node-js-engine-worker.ts must run as a worker thread');
Comlink.expose(createJsEngine(nodeHeapProbe()), nodeEndpoint(parentPort));
