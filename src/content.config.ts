import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { chapterFrontmatter } from './build/frontmatter-schema.ts';

export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema({ extend: chapterFrontmatter }),
  }),
  // Starlight reads this collection on every page (its UI strings, overridable per language), and
  // Astro warns when it is not defined; an empty folder would make the loader warn instead. One
  // entry without keys (src/content/i18n/en.json, `{}`) overrides nothing.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
