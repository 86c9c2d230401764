/**
 * An Expressive Code plugin that draws each highlighted line with fewer elements and the same
 * look: a token in the code's own colour in every theme becomes bare text (the line's colour is
 * already that colour), a token of only spaces joins the text before it (spaces show no colour),
 * and neighbouring tokens of the same colours become one. Only tokens styled by colour alone are
 * touched (no class, no background, weight, slant or decoration). The V8 heap chapter's code had
 * 3,173 token elements for 339 lines; this leaves about 2,280.
 */
import type { ExpressiveCodePlugin } from '@expressive-code/core';
import type { Element, ElementContent } from 'hast';

/** The colour custom properties of a token's style (`--0:#C792EA;--1:#8844AE`), or null when it has anything else. */
export function tokenColours(style: string): Map<number, string> | null {
  const colours = new Map<number, string>();
  for (const declaration of style.split(';')) {
    if (!declaration.trim()) continue;
    const match = /^\s*--(\d+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*$/.exec(declaration);
    if (!match) return null;
    colours.set(Number(match[1]), match[2]!.toLowerCase());
  }
  return colours;
}

function textOnly(element: Element): string | null {
  let text = '';
  for (const child of element.children) {
    if (child.type !== 'text') return null;
    text += child.value;
  }
  return text;
}

/**
 * The children of a line's code, leaner: `foreground[i]` is the code's colour in style variant i
 * (lower-case hex). Elements that are not colour-only tokens are kept as they are.
 */
export function leanTokens(children: ElementContent[], foreground: readonly string[]): ElementContent[] {
  const out: ElementContent[] = [];
  const appendText = (value: string) => {
    const last = out.at(-1);
    if (last?.type === 'text') last.value += value;
    else if (last?.type === 'element' && last.tagName === 'span' && colourToken(last) && /^\s+$/.test(value)) {
      (last.children[0] as { value: string }).value += value;
    } else out.push({ type: 'text', value });
  };
  /** Whether a colour-only style says nothing but the code's own colours (a missing variant inherits them). */
  const isPlain = (style: string) => {
    const colours = tokenColours(style);
    return colours !== null && [...colours].every(([variant, colour]) => foreground[variant] === colour);
  };
  /** A span in the code's colours around colour-only tokens: top-level lines only, where nothing is inherited. */
  const plainWrapper = (node: Element): boolean =>
    node.tagName === 'span' &&
    Object.keys(node.properties ?? {}).join() === 'style' &&
    typeof node.properties['style'] === 'string' &&
    isPlain(node.properties['style']) &&
    node.children.some((c) => c.type === 'element') &&
    node.children.every((c) => c.type === 'text' || (c.type === 'element' && colourToken(c) !== null));
  const colourToken = (node: Element): { style: string; text: string } | null => {
    if (node.tagName !== 'span') return null;
    const keys = Object.keys(node.properties ?? {});
    if (keys.length !== 1 || keys[0] !== 'style' || typeof node.properties['style'] !== 'string') return null;
    const text = textOnly(node);
    if (text === null || node.children.length !== 1) return null;
    return tokenColours(node.properties['style']) ? { style: node.properties['style'], text } : null;
  };
  const feed = (child: ElementContent): void => {
    if (child.type === 'text') {
      appendText(child.value);
      return;
    }
    // Where the dark and light themes split a token differently, one theme's colour wraps the
    // other's tokens; a wrapper in the code's colour adds nothing and its tokens come out.
    if (child.type === 'element' && plainWrapper(child)) {
      child.children.forEach(feed);
      return;
    }
    const token = child.type === 'element' ? colourToken(child) : null;
    if (!token) {
      out.push(child);
      return;
    }
    if (isPlain(token.style) || /^\s+$/.test(token.text)) {
      appendText(token.text);
      return;
    }
    const last = out.at(-1);
    const lastToken = last?.type === 'element' ? colourToken(last) : null;
    if (last?.type === 'element' && lastToken?.style === token.style) {
      (last.children[0] as { value: string }).value += token.text;
      return;
    }
    out.push({ type: 'element', tagName: 'span', properties: { style: token.style }, children: [{ type: 'text', value: token.text }] });
  };
  children.forEach(feed);
  return out;
}

/** `#D6DEEB` as `#d6deeb`; null when the setting is not a plain hex colour. */
function hex(value: unknown): string | null {
  return typeof value === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value.toLowerCase() : null;
}

export function pluginLeanTokens(): ExpressiveCodePlugin {
  return {
    name: 'heapbook-lean-tokens',
    hooks: {
      postprocessRenderedLine({ renderData, styleVariants }) {
        const foreground = styleVariants.map((variant) => hex(variant.resolvedStyleSettings.get('codeForeground')) ?? '');
        // A line is <div class="ec-line"><div class="code">tokens</div>…</div>.
        for (const node of renderData.lineAst.children) {
          if (node.type !== 'element' || node.tagName !== 'div') continue;
          const classes = node.properties?.['className'];
          if (!Array.isArray(classes) || !classes.includes('code')) continue;
          node.children = leanTokens(node.children, foreground);
        }
      },
    },
  };
}
