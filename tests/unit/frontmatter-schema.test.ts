import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { chapterFrontmatter } from '../../src/build/frontmatter-schema.ts';

// The schema as content.config.ts builds it: Starlight's, extended.
const schema = docsSchema({ extend: chapterFrontmatter })({ image: () => z.string() } as never);

function errors(data: Record<string, unknown>): string[] {
  const result = schema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const good = { title: 'Generators', description: 'Lists against generators, measured.', sidebar: { order: 3 } };

describe('chapter frontmatter', () => {
  it('accepts a complete chapter and keeps Starlight fields and defaults', () => {
    const result = schema.safeParse({ ...good, sidebar: { order: 3, label: 'Gen' } });
    expect(result.success).toBe(true);
    expect(result.data?.sidebar).toMatchObject({ order: 3, label: 'Gen', hidden: false });
    expect(schema.safeParse({ title: 'x', description: 'y' }).data?.sidebar).toMatchObject({ hidden: false });
  });

  it('names a missing or empty title or description, with what to write', () => {
    expect(errors({ description: 'd' })).toEqual([
      'title: "title" is missing: add a line such as title: How Python stores text to the frontmatter',
    ]);
    expect(errors({ title: 't' })).toEqual([
      'description: "description" is missing: add a line such as description: One sentence on what the chapter measures. to the frontmatter',
    ]);
    expect(errors({ title: '   ', description: 'd' })).toEqual([
      'title: "title" is empty: write it, for example title: How Python stores text',
    ]);
    expect(errors({ title: 't', description: 42 })).toEqual([
      'description: "description" must be text, for example description: One sentence on what the chapter measures.',
    ]);
  });

  it('wants sidebar.order to be a number', () => {
    expect(errors({ ...good, sidebar: { order: '3' } })).toEqual([
      'sidebar.order: "sidebar.order" must be a number, for example sidebar: { order: 3 } (no quotes)',
    ]);
  });
});
