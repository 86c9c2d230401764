/// <reference lib="webworker" />
/** Web Worker entry of JavaScript cells: the reader's code runs here, off the page's thread. */
import * as Comlink from 'comlink';
import { createJsEngine } from './js-engine.ts';

Comlink.expose(createJsEngine(null));
