/**
 * Saves a cell's kept output as a text file through a Blob URL: the reader's browser writes it,
 * nothing is sent anywhere. Encoding 64 MiB of text into a Blob takes half a second in Chromium, so
 * it is encoded a MiB at a time, yielding in between, and the page stays responsive.
 */
import type { StreamChunk } from '../../engine/protocol.ts';
import { inBatches } from '../../engine/worker/stream-batcher.ts';
import { h } from '../shared/view-node.ts';
import { draw } from './cell-dom.ts';

const BLOB_UNITS = 1024 * 1024;

/** The file name a cell's output downloads as. */
export function outputFileName(cellId: string): string {
  return `${cellId || 'cell'}-output.txt`;
}

/** The output's text as one UTF-8 text Blob, built a batch at a time with a yield to the page in between. */
export async function outputBlob(chunks: readonly StreamChunk[]): Promise<Blob> {
  const parts: Blob[] = [];
  for (const batch of inBatches(chunks, BLOB_UNITS)) {
    parts.push(new Blob(batch.map((c) => c.text)));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Blob(parts, { type: 'text/plain;charset=utf-8' });
}

/** Downloads the output of cell `cellId` as a text file. */
export async function downloadOutput(chunks: readonly StreamChunk[], cellId: string): Promise<void> {
  const url = URL.createObjectURL(await outputBlob(chunks));
  draw<HTMLAnchorElement>(h('a', { href: url, download: outputFileName(cellId) })).click();
  // The download has started from the URL by then; a minute leaves room for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
