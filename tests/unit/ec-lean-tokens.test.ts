/** The Expressive Code plugin that draws highlighted lines with fewer token elements and the same look. */
import { describe, expect, it } from 'vitest';
import type { ElementContent } from 'hast';
import { leanTokens, tokenColours } from '../../src/build/ec-lean-tokens.ts';

const FG = ['#d6deeb', '#403f53'];
const span = (style: string, value: string): ElementContent => ({
  type: 'element',
  tagName: 'span',
  properties: { style },
  children: [{ type: 'text', value }],
});
const html = (nodes: ElementContent[]): string =>
  nodes
    .map((n): string =>
      n.type === 'text'
        ? n.value
        : n.type === 'element'
          ? `<${n.tagName}${n.properties?.['style'] ? ` style="${String(n.properties['style'])}"` : ''}>${html(n.children)}</${n.tagName}>`
          : '',
    )
    .join('');

describe('lean tokens', () => {
  it('reads colour-only styles and refuses anything else', () => {
    expect(tokenColours('--0:#C792EA;--1:#8844AE')).toEqual(
      new Map([
        [0, '#c792ea'],
        [1, '#8844ae'],
      ]),
    );
    expect(tokenColours('--0:#C792EA;--0fs:italic')).toBeNull();
    expect(tokenColours('color:red')).toBeNull();
  });

  it('unwraps tokens in the code colour and spaces, and joins neighbours of the same colours', () => {
    const line = [
      span('--0:#C792EA;--1:#8844AE', 'const '),
      span('--0:#82AAFF;--1:#3B61B0', 'sleep'),
      span('--0:#C792EA;--1:#8844AE', ' = '),
      span('--0:#D6DEEB;--1:#403F53', '('),
      span('--0:#D6DEEB', 'ms'),
      span('--0:#D9F5DD;--1:#111111', ')'),
      span('--0:#C792EA;--1:#8844AE', ' '),
      span('--0:#D9F5DD;--1:#111111', ')'),
      span('--0:#C792EA;--1:#8844AE', '=>'),
    ];
    expect(html(leanTokens(line, FG))).toBe(
      '<span style="--0:#C792EA;--1:#8844AE">const </span><span style="--0:#82AAFF;--1:#3B61B0">sleep</span>' +
        '<span style="--0:#C792EA;--1:#8844AE"> = </span>(ms<span style="--0:#D9F5DD;--1:#111111">) )</span><span style="--0:#C792EA;--1:#8844AE">=></span>',
    );
    // The text is the same, character for character.
    expect(html(leanTokens(line, FG)).replace(/<[^>]+>/g, '')).toBe('const sleep = (ms) )=>');
  });

  it('lifts the tokens out of a wrapper in the code colour, where the themes split a token differently', () => {
    const wrapper = (style: string, ...children: ElementContent[]): ElementContent => ({
      type: 'element',
      tagName: 'span',
      properties: { style },
      children,
    });
    const line = [wrapper('--1:#403F53', span('--0:#D6DEEB', '('), span('--0:#D7DBE0', 'resolve')), span('--0:#C792EA;--1:#8844AE', ', ')];
    expect(html(leanTokens(line, FG))).toBe('(<span style="--0:#D7DBE0">resolve</span><span style="--0:#C792EA;--1:#8844AE">, </span>');
    // A wrapper in another colour stays: its tokens inherit that colour in the other theme.
    const coloured = [wrapper('--1:#AA0982', span('--0:#D6DEEB', '('), span('--0:#D7DBE0', 'x'))];
    expect(leanTokens(coloured, FG)).toEqual(coloured);
  });

  it('keeps tokens with a slant, weight, class or nested markup as they are', () => {
    const italic = span('--0:#919F9F;--0fs:italic', '// note');
    const marked: ElementContent = {
      type: 'element',
      tagName: 'span',
      properties: { className: ['highlight'], style: '--0:#D6DEEB' },
      children: [{ type: 'text', value: 'x' }],
    };
    const out = leanTokens([italic, marked, span('--0:#D6DEEB', 'y')], FG);
    expect(out[0]).toBe(italic);
    expect(out[1]).toBe(marked);
    expect(out[2]).toEqual({ type: 'text', value: 'y' });
  });
});
