// @ts-check
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import { readFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import { drawValueAtBuild } from './src/build/build-render-tools.ts';
import { pluginLeanTokens } from './src/build/ec-lean-tokens.ts';
import { executeSteps } from './src/build/execute-steps.ts';
import { heapbook } from './src/build/heapbook-integration.ts';
import { remarkCells } from './src/build/remark-cells.ts';
import { loadSiteConfig, starlightSidebar } from './src/build/site-config.ts';

const cacheDir = new URL('./.heapbook-cache/', import.meta.url).pathname;

// Title, description, logo, base, site, package base URL and chapters come from heapbook.config.json;
// HEAPBOOK_BASE, HEAPBOOK_SITE and HEAPBOOK_PACKAGE_BASE_URL override it (a line says so).
const config = await loadSiteConfig(new URL('.', import.meta.url).pathname, process.env, (line) =>
  console.log(`[heapbook config] ${line}`),
);
// The engine's package loader reads HEAPBOOK_PACKAGE_BASE_URL: the file's value stands in when it is unset.
if (config.packageBaseUrl && !process.env.HEAPBOOK_PACKAGE_BASE_URL) process.env.HEAPBOOK_PACKAGE_BASE_URL = config.packageBaseUrl;

export default defineConfig({
  site: config.site ?? undefined,
  base: config.base,
  markdown: {
    processor: unified({
      remarkPlugins: [
        [
          remarkCells,
          {
            execute: (requests) => executeSteps(requests, { cacheDir }),
            drawValue: drawValueAtBuild,
            readTwin: (path) => readFile(path, 'utf8').catch(() => null),
          },
        ],
      ],
    }),
  },
  integrations: [
    heapbook({ cacheDir, serviceWorker: config.serviceWorker }),
    starlight({
      title: config.title,
      description: config.description,
      ...(config.logo ? { logo: { src: config.logo } } : {}),
      defaultLocale: 'en',
      locales: {
        en: { label: 'English' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      // Chapters in reading order, from "chapters" of heapbook.config.json.
      sidebar: starlightSidebar(config),
      // Starlight finds a code block's language from src/content/docs/<locale>/; the chapters live in
      // content/docs/, so it would word every zh-cn copy button in English: say where they are.
      // Fewer elements per highlighted line, the same look (src/build/ec-lean-tokens.ts).
      expressiveCode: {
        getBlockLocale: ({ file }) => (/[\\/]docs[\\/]zh-cn[\\/]/i.test(file.path) ? 'zh-CN' : 'en'),
        plugins: [pluginLeanTokens()],
      },
      customCss: ['./src/styles/cells.css'],
      // The tables of contents keep Starlight's markup but a lighter script (src/components/toc-element.ts).
      components: {
        MarkdownContent: './src/components/MarkdownContent.astro',
        TableOfContents: './src/components/TableOfContents.astro',
        MobileTableOfContents: './src/components/MobileTableOfContents.astro',
      },
    }),
  ],
});
