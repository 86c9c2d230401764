/**
 * Creates a chapter in both languages, with starter cells that build at once, and adds it to the
 * chapter list of heapbook.config.json:
 *
 *   npm run new:chapter -- memory-pools "Memory pools" ["内存池"]
 *
 * Everything is checked before anything is written: an existing file, a listed slug or a bad slug
 * stops it with a sentence and changes nothing. The texts come from src/build/new-chapter.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { NewChapterError, scaffold } from '../src/build/new-chapter.ts';

const root = process.env['HEAPBOOK_ROOT'] ?? new URL('..', import.meta.url).pathname;
const [slug, title, zhTitle, ...extra] = process.argv.slice(2);

function fail(message: string): never {
  console.error(`new:chapter: ${message}\nNothing was changed.`);
  process.exit(1);
}

if (!slug || !title || extra.length) {
  fail('usage: npm run new:chapter -- <slug> "<English title>" ["<中文标题>"] (quote titles that contain spaces)');
}
let files: Record<string, string>;
try {
  const config = await readFile(`${root}/heapbook.config.json`, 'utf8').catch(() => {
    throw new NewChapterError(`no heapbook.config.json in ${root}: the chapter list lives there`);
  });
  files = scaffold({ slug, title, ...(zhTitle ? { zhTitle } : {}) }, config);
} catch (err) {
  if (err instanceof NewChapterError) fail(err.message);
  throw err;
}
const existing = Object.keys(files).filter((path) => path.endsWith('.mdx') && existsSync(`${root}/${path}`));
if (existing.length)
  fail(
    `${existing.join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}: choose another slug, or edit the chapter that is there`,
  );

// The chapter files first, the list last: a list entry never points at files that are not there.
for (const [path, text] of Object.entries(files)) await writeFile(`${root}/${path}`, text, { flag: path.endsWith('.mdx') ? 'wx' : 'w' });
console.log(`Created ${Object.keys(files)
  .filter((p) => p.endsWith('.mdx'))
  .join(' and ')}, and added "${slug}" to heapbook.config.json.
Check it as you write:  npm run check-chapter -- content/docs/en/${slug}.mdx --watch`);
