// @ts-check
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import { readFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import { drawValueAtBuild } from './src/build/build-render-tools.ts';
import { executeSteps } from './src/build/execute-steps.ts';
import { heapbook } from './src/build/heapbook-integration.ts';
import { remarkCells } from './src/lib/remark-cells.ts';

const cacheDir = new URL('./.heapbook-cache/', import.meta.url).pathname;

export default defineConfig({
  site: process.env.HEAPBOOK_SITE || undefined,
  base: process.env.HEAPBOOK_BASE || undefined,
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
    heapbook({ cacheDir }),
    starlight({
      title: 'Heapbook',
      description: 'A runnable book about memory: CPython and V8, measured cell by cell.',
      defaultLocale: 'en',
      locales: {
        en: { label: 'English' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      // Chapters in reading order; a new chapter is added here once, for both languages.
      sidebar: [
        { slug: 'intro', label: 'Using this book', translations: { 'zh-CN': '如何使用本书' } },
        {
          slug: 'gc',
          label: 'References and the collector',
          translations: { 'zh-CN': '引用计数与回收器' },
        },
        {
          slug: 'generators',
          label: 'Generators and streaming',
          translations: { 'zh-CN': '生成器与流式处理' },
        },
        {
          slug: 'leak-hunting',
          label: 'Hunting leaks',
          translations: { 'zh-CN': '追查泄漏' },
        },
        {
          slug: 'slots',
          label: '__slots__, genexps and memoryview',
          translations: { 'zh-CN': '__slots__、生成器表达式与 memoryview' },
        },
        {
          slug: 'js-closures',
          label: 'Closures and leaks in JavaScript',
          translations: { 'zh-CN': 'JavaScript 闭包与泄漏' },
        },
        {
          slug: 'v8-heap',
          label: "V8's generational heap",
          translations: { 'zh-CN': 'V8 的分代堆' },
        },
        {
          slug: 'strings',
          label: 'How Python stores text',
          translations: { 'zh-CN': 'Python 如何存储文本' },
        },
        {
          slug: 'pymalloc',
          label: 'Small objects and pymalloc',
          translations: { 'zh-CN': '小对象与 pymalloc' },
        },
        {
          slug: 'weakref',
          label: 'Weak references against cycles',
          translations: { 'zh-CN': '用弱引用打破循环' },
        },
      ],
      customCss: ['./src/styles/cells.css'],
      components: { MarkdownContent: './src/components/MarkdownContent.astro' },
    }),
  ],
});
