import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { chapterFrontmatter } from './build/frontmatter-schema.ts';
import { docsLoaderOptions } from './build/fixture-chapters.ts';

export const collections = {
  // The book's chapters; with HEAPBOOK_FIXTURES=1 (the build `npm test` serves to the end-to-end
  // tests) also the fixture chapters of tests/fixtures/docs/, which a reader's build never has.
  docs: defineCollection({
    loader: glob(docsLoaderOptions(process.env)),
    schema: docsSchema({ extend: chapterFrontmatter }),
  }),
  // Starlight reads this collection on every page (its UI strings, overridable per language), and
  // Astro warns when it is not defined; an empty folder would make the loader warn instead. One
  // entry without keys (src/content/i18n/en.json, `{}`) overrides nothing.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
