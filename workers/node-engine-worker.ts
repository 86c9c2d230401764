/** Node worker-thread entry: the same engine, for the build executor and the tests. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createEngine } from './engine.ts';
import { readPythonFiles } from './python-files.ts';

if (!parentPort) throw new Error('node-engine-worker.ts must run as a worker thread');
Comlink.expose(createEngine(await readPythonFiles()), nodeEndpoint(parentPort));
