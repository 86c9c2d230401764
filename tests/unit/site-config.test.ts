import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyEnvironment,
  didYouMean,
  parseSiteConfig,
  SiteConfigError,
  starlightSidebar,
  unlistedChapters,
  type SiteConfig,
} from '../../src/build/site-config.ts';

const CHAPTERS = ['intro', 'gc', 'js-closures', 'generators'];
const FILES = new Set([...CHAPTERS.flatMap((s) => [`content/docs/en/${s}.mdx`, `content/docs/zh-cn/${s}.mdx`]), 'src/assets/logo.svg']);
const exists = (path: string) => FILES.has(path.replace(/^\.\//, ''));

const GOOD = {
  title: 'Heapbook',
  description: 'A runnable book about memory.',
  logo: null,
  base: '/',
  site: null,
  packageBaseUrl: null,
  serviceWorker: true,
  chapters: [
    { slug: 'intro', label: { en: 'Using this book', 'zh-CN': '如何使用本书' } },
    { slug: 'gc', label: { en: 'References and the collector', 'zh-CN': '引用计数与回收器' } },
  ],
};

const parse = (value: unknown) => parseSiteConfig(JSON.stringify(value), exists);

/** The problems a configuration is refused with. */
function problems(value: unknown, text?: string): string[] {
  try {
    parseSiteConfig(text ?? JSON.stringify(value), exists);
  } catch (err) {
    expect(err).toBeInstanceOf(SiteConfigError);
    return (err as SiteConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('heapbook.config.json', () => {
  it('reads a good file as it is', () => {
    expect(parse(GOOD)).toEqual(GOOD);
  });

  it("is the repository's own file, valid, listing every chapter folder's file in both languages", () => {
    const config = parseSiteConfig(readFileSync('heapbook.config.json', 'utf8'), existsSync);
    expect(config.chapters.length).toBeGreaterThanOrEqual(7);
    expect(config.chapters.slice(0, 2).map((c) => c.slug)).toEqual(['intro', 'writing']);
    const files = { en: readdirSync('content/docs/en'), 'zh-cn': readdirSync('content/docs/zh-cn') };
    expect(unlistedChapters(config, files)).toEqual([]);
  });

  it('names the field and the bad value of a slug, with an example', () => {
    const config = { ...GOOD, chapters: [...GOOD.chapters, GOOD.chapters[0], { slug: 'GC!', label: GOOD.chapters[1]!.label }] };
    expect(problems(config)).toEqual([
      'heapbook.config.json: "chapters[2].slug" repeats "intro" of chapters[0]: list each chapter once',
      'heapbook.config.json: "chapters[3].slug" must be a lowercase slug like "gc" or "js-closures", not "GC!"',
    ]);
  });

  it('names the chapter file that is missing, in either language', () => {
    const onlyEnglish = (path: string) => path !== 'content/docs/zh-cn/gc.mdx' && exists(path);
    expect(() => parseSiteConfig(JSON.stringify(GOOD), onlyEnglish)).toThrow(
      'heapbook.config.json: "chapters[1].slug" names the chapter "gc", but content/docs/zh-cn/gc.mdx does not exist: write it, or remove the chapter from the list',
    );
    const config = { ...GOOD, chapters: [{ slug: 'slots', label: { en: 'Slots', 'zh-CN': '槽' } }] };
    expect(problems(config)).toEqual([
      'heapbook.config.json: "chapters[0].slug" names the chapter "slots", but content/docs/en/slots.mdx does not exist: write it, or remove the chapter from the list',
      'heapbook.config.json: "chapters[0].slug" names the chapter "slots", but content/docs/zh-cn/slots.mdx does not exist: write it, or remove the chapter from the list',
    ]);
  });

  it('refuses unknown fields at every level, suggesting the field meant', () => {
    const config = {
      ...GOOD,
      titel: 'x',
      colour: 'red',
      chapters: [{ slug: 'gc', lable: {}, label: { en: 'GC', 'zh-cn': '回收', 'zh-CN': '回收器' } }],
    };
    expect(problems(config)).toEqual([
      'heapbook.config.json: unknown field "titel": did you mean "title"?',
      'heapbook.config.json: unknown field "colour"; the fields here are "title", "description", "logo", "base", "site", "packageBaseUrl", "serviceWorker", "chapters"',
      'heapbook.config.json: unknown field "chapters[0].lable": did you mean "chapters[0].label"?',
      'heapbook.config.json: unknown field "chapters[0].label.zh-cn": did you mean "chapters[0].label.zh-CN"?',
    ]);
    expect(didYouMean('packageBaseURL', ['packageBaseUrl', 'base'])).toBe('packageBaseUrl');
    expect(didYouMean('zzz', ['title', 'base'])).toBeUndefined();
  });

  it('names every wrong field at once, with what to change', () => {
    const config = {
      ...GOOD,
      title: '',
      description: 3,
      base: 'training',
      site: 'docs.example.com',
      packageBaseUrl: 'https://x.example/p',
      logo: 'logo.bmp',
    };
    expect(problems(config)).toEqual([
      'heapbook.config.json: "title" must be a non-empty string like "Heapbook", not ""',
      'heapbook.config.json: "description" must be a non-empty string like "A runnable book about memory.", not 3',
      'heapbook.config.json: "logo" must be null or the path of an image in the repository, from its root, like "./src/assets/logo.svg" (svg, png, jpg, webp, avif or gif), not "logo.bmp"',
      'heapbook.config.json: "base" must be a path from the host\'s root like "/" or "/training/heapbook", not "training"',
      'heapbook.config.json: "site" must be an absolute URL like "https://docs.example.com", not "docs.example.com"',
      'heapbook.config.json: "packageBaseUrl" must be an absolute URL (https://...) or a path from the host\'s root (/...), ending in "/", like "https://files.example.com/heapbook/packages/", not "https://x.example/p"',
    ]);
  });

  it('refuses missing fields, chapters without labels, and a missing logo file', () => {
    const { site: _site, ...noSite } = GOOD;
    expect(problems({ ...noSite, logo: './src/assets/missing.svg', chapters: [{ slug: 'gc', label: { en: 'GC' } }, 'gc'] })).toEqual([
      'heapbook.config.json: "logo" names "./src/assets/missing.svg", which does not exist: add the image there or fix the path (from the repository root)',
      'heapbook.config.json: "site" is missing: set it to null to leave it unset',
      'heapbook.config.json: "chapters[0].label.zh-CN" must be a non-empty string like "引用计数与回收器", not nothing',
      'heapbook.config.json: "chapters[1]" must be an object like { "slug": "gc", "label": { "en": "...", "zh-CN": "..." } }, not "gc"',
    ]);
    expect(problems({ ...GOOD, chapters: [] })).toEqual([
      expect.stringMatching(/^heapbook\.config\.json: "chapters" must be a non-empty list/),
    ]);
  });

  it('takes "serviceWorker" as true or false only, and says what each means when it is missing', () => {
    expect(parse({ ...GOOD, serviceWorker: false }).serviceWorker).toBe(false);
    expect(problems({ ...GOOD, serviceWorker: 'false' })).toEqual([
      'heapbook.config.json: "serviceWorker" must be true or false (without quotes), not "false"',
    ]);
    const { serviceWorker: _worker, ...noWorker } = GOOD;
    expect(problems(noWorker)).toEqual([
      'heapbook.config.json: "serviceWorker" is missing: set it to true (offline reading, and cross-origin isolation on hosts that cannot send headers) or false (no service worker)',
    ]);
    expect(problems({ ...GOOD, serviceworker: true })).toContain(
      'heapbook.config.json: unknown field "serviceworker": did you mean "serviceWorker"?',
    );
  });

  it('says where the JSON is broken, and what the file must hold', () => {
    expect(problems(null, '{ "title": "Heapbook", }')[0]).toMatch(/^heapbook\.config\.json: is not valid JSON \(.+\); fix the syntax/);
    expect(problems([1])[0]).toMatch(/^heapbook\.config\.json: must hold one JSON object with the fields "title", /);
  });

  it('normalises the base path and takes a logo, a site and a package base', () => {
    const config = parse({
      ...GOOD,
      base: '/training/heapbook/',
      logo: 'src/assets/logo.svg',
      site: 'https://docs.example.com/',
      packageBaseUrl: '/wheels/',
    });
    expect(config).toMatchObject({
      base: '/training/heapbook',
      logo: './src/assets/logo.svg',
      site: 'https://docs.example.com',
      packageBaseUrl: '/wheels/',
    });
    expect(parse({ ...GOOD, base: '/docs/' }).base).toBe('/docs');
    expect(problems({ ...GOOD, base: '/a/../b' })[0]).toContain('the part ".." is not a plain URL path segment');
    expect(problems({ ...GOOD, base: '//evil.example' })[0]).toContain('"base" must be');
  });
});

describe('environment overrides', () => {
  const config: SiteConfig = parse(GOOD);

  it('override the file, each with a line for the build output', () => {
    const { config: result, notes } = applyEnvironment(config, {
      HEAPBOOK_BASE: '/training/heapbook/',
      HEAPBOOK_SITE: 'https://intranet.example',
      HEAPBOOK_PACKAGE_BASE_URL: '',
    });
    expect(result).toEqual({ ...config, base: '/training/heapbook', site: 'https://intranet.example' });
    expect(notes).toEqual([
      'HEAPBOOK_BASE=/training/heapbook overrides "base": "/" of heapbook.config.json',
      'HEAPBOOK_SITE=https://intranet.example overrides "site": null of heapbook.config.json',
    ]);
    expect(applyEnvironment(config, {})).toEqual({ config, notes: [] });
  });

  it('name the variable whose value is wrong', () => {
    expect(() => applyEnvironment(config, { HEAPBOOK_BASE: 'training' })).toThrow(
      'HEAPBOOK_BASE must be a path from the host\'s root like "/" or "/training/heapbook", not "training"',
    );
    expect(() => applyEnvironment(config, { HEAPBOOK_PACKAGE_BASE_URL: 'ftp://x/' })).toThrow(
      'HEAPBOOK_PACKAGE_BASE_URL must be an absolute URL',
    );
  });
});

describe('sidebar', () => {
  it('lists the chapters in order, with their Chinese labels as translations', () => {
    expect(starlightSidebar(parse(GOOD))).toEqual([
      { slug: 'intro', label: 'Using this book', translations: { 'zh-CN': '如何使用本书' } },
      { slug: 'gc', label: 'References and the collector', translations: { 'zh-CN': '引用计数与回收器' } },
    ]);
  });

  it('finds chapter files no sidebar links to', () => {
    expect(
      unlistedChapters(parse(GOOD), { en: ['index.mdx', 'intro.mdx', 'gc.mdx', 'slots.mdx'], 'zh-cn': ['intro.mdx', 'gc.mdx'] }),
    ).toEqual(['content/docs/en/slots.mdx']);
  });
});
