/**
 * When Pyodide dies (a C stack overflow, for instance), CPython's fault handler prints the Python
 * stack to stdout. That dump is the engine's, with engine paths in it: it is taken out of the cell's
 * output, and the reader's own frames from it go into the error instead. Pure.
 */
import type { StreamChunk } from '../protocol.ts';

const MARKER = 'Stack (most recent call first):\n';

/** The chunks without the dump, and the dump's frames that are the reader's (`<cell ...>`). */
export function splitFatalDump(chunks: StreamChunk[]): { stream: StreamChunk[]; frames: string[] } {
  const stream: StreamChunk[] = [];
  let frames: string[] = [];
  for (const chunk of chunks) {
    const at = chunk.stream === 'stdout' ? chunk.text.indexOf(MARKER) : -1;
    if (at === -1) {
      stream.push(chunk);
      continue;
    }
    if (at > 0) stream.push({ stream: chunk.stream, text: chunk.text.slice(0, at) });
    frames = chunk.text
      .slice(at + MARKER.length)
      .split('\n')
      .filter((line) => line.includes('File "<cell '))
      .map((line) => `  ${line.trim()}`);
  }
  return { stream, frames };
}
