/** Shared setup of the end-to-end tests: the built site on a local port, and Debian's Chromium. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.ts';
import { serveSite } from '../../scripts/serve.ts';

export interface Site {
  url(path: string): string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves dist/ (built by `npm run build`) with its production headers and starts Chromium. */
export async function openSite(): Promise<Site> {
  const server: Server = await serveSite('dist', 0);
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}
