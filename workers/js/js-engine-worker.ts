/// <reference lib="webworker" />
/** Web Worker entry of JavaScript cells: the reader's code runs here, off the page's thread. */
import * as Comlink from 'comlink';
import { createJsEngine } from './js-engine.ts';

const engine = createJsEngine(null);
// A timer's or a promise's error must not reach the page as the worker's 'error' event, which the
// host reads as the worker having died: show it in the running cell instead.
self.addEventListener('error', (event) => {
  event.preventDefault();
  engine.reportUncaught(event.error ?? event.message, 'error');
});
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  engine.reportUncaught(event.reason, 'rejection');
});
Comlink.expose(engine);
