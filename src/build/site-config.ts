/**
 * The hosting configuration: `heapbook.config.json` at the repository root, read by astro.config.mjs
 * at build. `parseSiteConfig` is pure (the file's text in, the checked configuration out, with the
 * file system reached only through `exists`); every problem is reported at once, each naming its
 * field and what to change, and the file itself is never rewritten.
 *
 * The environment variables HEAPBOOK_BASE, HEAPBOOK_SITE and HEAPBOOK_PACKAGE_BASE_URL keep working
 * and override the file (`applyEnvironment`), and the build prints a line for each one that does.
 */

export const CONFIG_FILE = 'heapbook.config.json';

/** The book's languages as chapter labels name them, and the content folder of each. */
export const LANGUAGES = { en: 'en', 'zh-CN': 'zh-cn' } as const;
export type Language = keyof typeof LANGUAGES;

export interface ChapterEntry {
  slug: string;
  label: Record<Language, string>;
}

export interface SiteConfig {
  title: string;
  description: string;
  /** An image in the repository, as a path from its root (e.g. `./src/assets/logo.svg`), or null. */
  logo: string | null;
  /** `/` or a path like `/training/heapbook`, without a trailing slash. */
  base: string;
  /** The site's full URL (enables the sitemap and canonical links), or null. */
  site: string | null;
  /** Where the engine loads vendored wheels from (an https:// URL or a path ending in `/`), or null for the site's own. */
  packageBaseUrl: string | null;
  /** Whether pages register the book's service worker (offline reading; isolation where the host sends no headers). */
  serviceWorker: boolean;
  /** The sidebar, in reading order. */
  chapters: ChapterEntry[];
}

const FIELDS = ['title', 'description', 'logo', 'base', 'site', 'packageBaseUrl', 'serviceWorker', 'chapters'] as const;
const CHAPTER_FIELDS = ['slug', 'label'] as const;
const LABEL_FIELDS = Object.keys(LANGUAGES) as Language[];
const IMAGE = /\.(svg|png|jpe?g|webp|avif|gif)$/i;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const BASE_SEGMENT = /^[A-Za-z0-9._~-]+$/;

export class SiteConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
    this.name = 'SiteConfigError';
  }
}

/** A value as the message quotes it: JSON, shortened. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known name closest to an unknown one, if it is close enough to be a slip. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a base path; returns it without a trailing slash (`/` stays `/`), or the problem. */
export function checkBase(value: unknown): { ok: string } | { problem: string } {
  const hint = `a path from the host's root like "/" or "/training/heapbook", not ${shown(value)}`;
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return { problem: `must be ${hint}` };
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return { ok: '/' };
  const bad = trimmed
    .slice(1)
    .split('/')
    .find((segment) => !BASE_SEGMENT.test(segment) || segment === '.' || segment === '..');
  if (bad !== undefined) return { problem: `must be ${hint} (the part ${shown(bad)} is not a plain URL path segment)` };
  return { ok: trimmed };
}

/** Checks a site URL: absolute http(s), nothing after the host but an optional path. */
export function checkSite(value: unknown): { ok: string } | { problem: string } {
  const hint = `an absolute URL like "https://docs.example.com", not ${shown(value)}`;
  if (typeof value !== 'string') return { problem: `must be ${hint} (or null)` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `must be ${hint}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `must be ${hint} (http or https)` };
  if (url.search || url.hash) return { problem: `must be ${hint} (no query or fragment; put a path in "base")` };
  return { ok: value.replace(/\/+$/, '') };
}

/** Checks a package base URL: https:// (or http://) URL or a path from the host's root, ending in `/`. */
export function checkPackageBaseUrl(value: unknown): { ok: string } | { problem: string } {
  const hint = `an absolute URL (https://...) or a path from the host's root (/...), ending in "/", like "https://files.example.com/heapbook/packages/", not ${shown(value)}`;
  if (typeof value !== 'string' || !value.endsWith('/')) return { problem: `must be ${hint}` };
  if (value.startsWith('/') && !value.startsWith('//')) return { ok: value };
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return { ok: value };
  } catch {
    // reported below
  }
  return { problem: `must be ${hint}` };
}

/**
 * Parses and checks the configuration file's text. `exists(path)` answers for paths relative to the
 * repository root (chapter files, the logo). Throws a SiteConfigError listing every problem.
 */
export function parseSiteConfig(text: string, exists: (path: string) => boolean, file = CONFIG_FILE): SiteConfig {
  const problems: string[] = [];
  const problem = (field: string, message: string) => problems.push(`${file}: "${field}" ${message}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SiteConfigError([
      `${file}: is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix the syntax, the file is read as is`,
    ]);
  }
  if (!isObject(raw))
    throw new SiteConfigError([
      `${file}: must hold one JSON object with the fields ${FIELDS.map((f) => `"${f}"`).join(', ')}, not ${shown(raw)}`,
    ]);

  const unknownFields = (object: Record<string, unknown>, known: readonly string[], at: string) => {
    for (const key of Object.keys(object)) {
      if (known.includes(key)) continue;
      const near = didYouMean(key, known);
      const field = at ? `${at}.${key}` : key;
      problems.push(
        `${file}: unknown field "${field}"${near ? `: did you mean "${at ? `${at}.` : ''}${near}"?` : `; the fields here are ${known.map((k) => `"${k}"`).join(', ')}`}`,
      );
    }
  };
  unknownFields(raw, FIELDS, '');

  const text_ = (field: string, value: unknown, example: string): string => {
    if (typeof value === 'string' && value.trim() !== '') return value;
    problem(field, `must be a non-empty string like ${JSON.stringify(example)}, not ${shown(value)}`);
    return '';
  };
  const title = text_('title', raw['title'], 'Heapbook');
  const description = text_('description', raw['description'], 'A runnable book about memory.');

  let logo: string | null = null;
  if (raw['logo'] !== null && raw['logo'] !== undefined) {
    const value = raw['logo'];
    if (typeof value !== 'string' || !IMAGE.test(value) || value.startsWith('/') || value.includes('..')) {
      problem(
        'logo',
        `must be null or the path of an image in the repository, from its root, like "./src/assets/logo.svg" (svg, png, jpg, webp, avif or gif), not ${shown(value)}`,
      );
    } else if (!exists(value)) {
      problem('logo', `names ${shown(value)}, which does not exist: add the image there or fix the path (from the repository root)`);
    } else {
      logo = value.startsWith('./') ? value : `./${value}`;
    }
  } else if (raw['logo'] === undefined) {
    problem('logo', 'is missing: set it to null, or to an image like "./src/assets/logo.svg"');
  }

  const optional = (field: string, check: (v: unknown) => { ok: string } | { problem: string }): string | null => {
    if (!(field in raw)) {
      problem(field, 'is missing: set it to null to leave it unset');
      return null;
    }
    if (raw[field] === null) return null;
    const result = check(raw[field]);
    if ('problem' in result) {
      problem(field, result.problem);
      return null;
    }
    return result.ok;
  };

  let base = '/';
  if (raw['base'] === undefined) problem('base', 'is missing: "/" serves the book at the root of its host');
  else {
    const result = checkBase(raw['base']);
    if ('problem' in result) problem('base', result.problem);
    else base = result.ok;
  }
  const site = optional('site', checkSite);
  const packageBaseUrl = optional('packageBaseUrl', checkPackageBaseUrl);

  let serviceWorker = true;
  const rawWorker = raw['serviceWorker'];
  if (rawWorker === undefined) {
    problem(
      'serviceWorker',
      'is missing: set it to true (offline reading, and cross-origin isolation on hosts that cannot send headers) or false (no service worker)',
    );
  } else if (typeof rawWorker !== 'boolean') {
    problem('serviceWorker', `must be true or false (without quotes), not ${shown(rawWorker)}`);
  } else {
    serviceWorker = rawWorker;
  }

  const chapters: ChapterEntry[] = [];
  const rawChapters = raw['chapters'];
  if (!Array.isArray(rawChapters) || rawChapters.length === 0) {
    problem(
      'chapters',
      `must be a non-empty list like [{ "slug": "gc", "label": { "en": "...", "zh-CN": "..." } }], not ${shown(rawChapters)}`,
    );
  } else {
    const seen = new Map<string, number>();
    rawChapters.forEach((entry: unknown, i: number) => {
      const at = `chapters[${i}]`;
      if (!isObject(entry)) {
        problem(at, `must be an object like { "slug": "gc", "label": { "en": "...", "zh-CN": "..." } }, not ${shown(entry)}`);
        return;
      }
      unknownFields(entry, CHAPTER_FIELDS, at);
      const slug = entry['slug'];
      let slugOk = false;
      if (typeof slug !== 'string' || !SLUG.test(slug)) {
        problem(`${at}.slug`, `must be a lowercase slug like "gc" or "js-closures", not ${shown(slug)}`);
      } else if (slug === 'index') {
        problem(`${at}.slug`, 'must not be "index": that is the front page, which lists the chapters');
      } else if (seen.has(slug)) {
        problem(`${at}.slug`, `repeats "${slug}" of chapters[${seen.get(slug)}]: list each chapter once`);
      } else {
        seen.set(slug, i);
        slugOk = true;
      }
      if (slugOk) {
        for (const folder of Object.values(LANGUAGES)) {
          const path = `content/docs/${folder}/${slug}.mdx`;
          if (!exists(path))
            problem(`${at}.slug`, `names the chapter "${slug}", but ${path} does not exist: write it, or remove the chapter from the list`);
        }
      }
      const label = entry['label'];
      const labels = {} as Record<Language, string>;
      if (!isObject(label)) {
        problem(
          `${at}.label`,
          `must be an object with a label per language, like { "en": "References and the collector", "zh-CN": "引用计数与回收器" }, not ${shown(label)}`,
        );
      } else {
        unknownFields(label, LABEL_FIELDS, `${at}.label`);
        for (const language of LABEL_FIELDS)
          labels[language] = text_(
            `${at}.label.${language}`,
            label[language],
            language === 'en' ? 'References and the collector' : '引用计数与回收器',
          );
      }
      if (slugOk && isObject(label)) chapters.push({ slug: slug as string, label: labels });
    });
  }

  if (problems.length > 0) throw new SiteConfigError(problems);
  return { title, description, logo, base, site, packageBaseUrl, serviceWorker, chapters };
}

/** The environment variables that override fields of the file. */
export const ENV_OVERRIDES = {
  HEAPBOOK_BASE: { field: 'base', check: checkBase },
  HEAPBOOK_SITE: { field: 'site', check: checkSite },
  HEAPBOOK_PACKAGE_BASE_URL: { field: 'packageBaseUrl', check: checkPackageBaseUrl },
} as const;

/**
 * The configuration with the environment's overrides applied (an empty variable counts as unset),
 * and one line per override for the build output. A bad value throws, naming the variable.
 */
export function applyEnvironment(config: SiteConfig, env: Record<string, string | undefined>): { config: SiteConfig; notes: string[] } {
  const result: SiteConfig = { ...config };
  const notes: string[] = [];
  const problems: string[] = [];
  for (const [name, { field, check }] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const checked = check(value);
    if ('problem' in checked) {
      problems.push(`${name} ${checked.problem}`);
      continue;
    }
    notes.push(`${name}=${checked.ok} overrides "${field}": ${JSON.stringify(config[field])} of ${CONFIG_FILE}`);
    result[field] = checked.ok;
  }
  if (problems.length > 0) throw new SiteConfigError(problems);
  return { config: result, notes };
}

/** Starlight's sidebar: the chapters in order, English labels with their Chinese translations. */
export function starlightSidebar(config: SiteConfig): { slug: string; label: string; translations: Record<string, string> }[] {
  return config.chapters.map(({ slug, label }) => ({ slug, label: label.en, translations: { 'zh-CN': label['zh-CN'] } }));
}

/** Chapter files in the content folders that the configuration does not list (built, but in no sidebar). */
export function unlistedChapters(config: SiteConfig, files: Record<string, string[]>): string[] {
  const listed = new Set(config.chapters.map((c) => c.slug));
  return Object.entries(files).flatMap(([folder, names]) =>
    names
      .filter((name) => /\.mdx?$/.test(name) && !/^index\.mdx?$/.test(name) && !listed.has(name.replace(/\.mdx?$/, '')))
      .map((name) => `content/docs/${folder}/${name}`),
  );
}

/**
 * Reads `heapbook.config.json` under `root` and applies the environment: what astro.config.mjs
 * uses. Prints one line per override and per chapter file left out of the sidebar.
 */
export async function loadSiteConfig(
  root: string,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<SiteConfig> {
  const { existsSync, readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const path = join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SiteConfigError([
      `${CONFIG_FILE}: cannot be read at ${path} (${err instanceof Error ? err.message : String(err)}); the build needs it (see README, Configuration)`,
    ]);
  }
  const fromFile = parseSiteConfig(text, (p) => existsSync(join(root, p)));
  const { config, notes } = applyEnvironment(fromFile, env);
  const files = Object.fromEntries(Object.values(LANGUAGES).map((folder) => [folder, readdirSync(join(root, 'content/docs', folder))]));
  for (const file of unlistedChapters(config, files))
    notes.push(`${file} is not in "chapters" of ${CONFIG_FILE}: it is built, but no sidebar links to it`);
  for (const note of notes) log(note);
  return config;
}
