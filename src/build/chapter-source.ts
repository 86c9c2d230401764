/** Blanks a chapter's frontmatter out (keeping its lines), so remark can parse the MDX alone and line numbers still match the file. */
export function withoutFrontmatter(text: string): string {
  const match = /^---\n[\s\S]*?\n---\n/.exec(text);
  return match ? match[0].replace(/[^\n]/g, '') + text.slice(match[0].length) : text;
}
