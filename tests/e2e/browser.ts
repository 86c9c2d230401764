/** Shared setup of the end-to-end tests: the built site on a local port, and Debian's Chromium. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { serveSite } from '../../scripts/serve.ts';

export const CHROMIUM = process.env.HEAPBOOK_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Site {
  url(path: string): string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves dist/ (built by `npm run build`) with its production headers and starts Chromium. */
export async function openSite(): Promise<Site> {
  const server: Server = await serveSite('dist', 0);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}
