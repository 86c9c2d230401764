/** Which pages the benchmark measures: `--chapter /en/gc/`, a comma-separated list, or `all`. Pure. */
import { LANGUAGES, type SiteConfig } from '../../src/build/site-config.ts';

/** Every chapter page of the book in reading order, each language's page after the other: `/en/gc/`, `/zh-cn/gc/`, … */
export function chapterPages(config: Pick<SiteConfig, 'chapters'>): string[] {
  return config.chapters.flatMap((chapter) => Object.values(LANGUAGES).map((folder) => `/${folder}/${chapter.slug}/`));
}

/** A page path as the site serves it: one leading and one trailing slash. */
export function pagePath(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  if (!trimmed) throw new Error('an empty --chapter: name a page such as /en/gc/, or all');
  if (/[?#\s]/.test(trimmed)) throw new Error(`--chapter "${value}" is not a page path: write it as /en/gc/`);
  return `/${trimmed}/`;
}

/** The pages `--chapter` names: `all` is every chapter page of the book, else one path or several, comma-separated. */
export function selectPages(option: string, book: readonly string[]): string[] {
  if (option.trim() === 'all') {
    if (book.length === 0) throw new Error('--chapter all: heapbook.config.json lists no chapters');
    return [...book];
  }
  const pages = option
    .split(',')
    .filter((part) => part.trim())
    .map(pagePath);
  if (pages.length === 0) throw new Error('an empty --chapter: name a page such as /en/gc/, or all');
  return [...new Set(pages)];
}

/**
 * The page a repeat visit opens first (the reader was there earlier): the book's first chapter in
 * the same language, or its second when `page` is the first.
 */
export function earlierPage(page: string, book: readonly string[]): string {
  const language = page.split('/')[1] ?? '';
  const same = book.filter((other) => other.split('/')[1] === language && other !== page);
  const earlier = same[0];
  if (!earlier) throw new Error(`no other chapter page in /${language}/ to visit before ${page}`);
  return earlier;
}
