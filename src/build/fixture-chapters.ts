/**
 * The fixture chapters of the end-to-end tests (tests/fixtures/docs/{en,zh-cn}/fixture-*.mdx): small
 * pages whose cells the tests count, edit and read, so that a writer reorganising a chapter of the
 * book cannot turn the suite red. They are built only when HEAPBOOK_FIXTURES=1 (`npm run build:test`,
 * which `npm test` runs); a reader's build (`npm run build`) has no fixture page, and so none in its
 * sidebar, search index, sitemap or offline cache (tests/e2e/reader-build.test.ts checks it).
 */

/** Where the fixture chapters live, in the same `docs/<locale>/` layout as content/docs/. */
export const FIXTURE_DOCS = 'tests/fixtures/docs';
/** Every fixture chapter's slug starts with this, so that no chapter of the book can be mistaken for one. */
export const FIXTURE_PREFIX = 'fixture-';

/** Whether this build includes the fixture chapters: HEAPBOOK_FIXTURES=1, nothing else. */
export function fixturesWanted(env: Record<string, string | undefined>): boolean {
  const value = env['HEAPBOOK_FIXTURES'];
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`HEAPBOOK_FIXTURES must be 1 (build the test fixture chapters too) or 0/unset (a reader's build), not "${value}"`);
}

interface DocsGlob {
  base: string;
  pattern: string | string[];
  generateId?: (options: { entry: string; data: Record<string, unknown> }) => string;
}

/**
 * The options of the docs collection's glob loader. A reader's build reads content/docs/ alone.
 * With the fixtures the loader reads from the project root, two folders, and strips the folder from
 * each id, so that `tests/fixtures/docs/en/fixture-python.mdx` is the page `/en/fixture-python/`
 * and `content/docs/en/gc.mdx` stays `/en/gc/` (the ids are those the default gives from
 * content/docs: a frontmatter `slug`, else `en/gc`, and `en` for `en/index.mdx`).
 */
export function docsLoaderOptions(env: Record<string, string | undefined>): DocsGlob {
  const pattern = '**/[^_]*.{md,mdx}';
  if (!fixturesWanted(env)) return { base: './content/docs', pattern };
  return {
    base: '.',
    pattern: [`content/docs/${pattern}`, `${FIXTURE_DOCS}/**/${FIXTURE_PREFIX}*.{md,mdx}`],
    generateId: ({ entry, data }) => (typeof data['slug'] === 'string' ? data['slug'] : docsId(entry)),
  };
}

/** The collection id of a chapter file given from the project root: `content/docs/en/index.mdx` is `en`. */
export function docsId(entry: string): string {
  const inside = /^(?:content\/docs|tests\/fixtures\/docs)\/(.+)\.mdx?$/.exec(entry);
  if (!inside?.[1]) throw new Error(`${entry} is neither in content/docs/ nor in ${FIXTURE_DOCS}/: the docs collection reads only those`);
  return inside[1].replace(/(^|\/)index$/, '').toLowerCase();
}
