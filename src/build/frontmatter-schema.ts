/**
 * What a chapter's frontmatter must hold, on top of Starlight's own schema: a non-empty `title`
 * and `description` (the description is the chapter's line on the front page and in search
 * results), and a numeric `sidebar.order` when there is one. Astro reports a mismatch with the
 * file's name; each message here names the field and what to write.
 */
import { z } from 'astro/zod';

const text = (field: string, example: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `"${field}" is missing: add a line such as ${example} to the frontmatter`
          : `"${field}" must be text, for example ${example}`,
    })
    .trim()
    .min(1, { error: `"${field}" is empty: write it, for example ${example}` });

export const chapterFrontmatter = z.object({
  title: text('title', 'title: How Python stores text'),
  description: text('description', 'description: One sentence on what the chapter measures.'),
  sidebar: z
    .object({
      order: z.number({ error: '"sidebar.order" must be a number, for example sidebar: { order: 3 } (no quotes)' }).optional(),
    })
    .prefault({}),
});
