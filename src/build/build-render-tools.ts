/** Draws values at build: the same renderers as the page, with linkedom standing in for the DOM. */
import { DOMParser, parseHTML } from 'linkedom';
import type { MimeBundle } from '../../engine/protocol.ts';
import { chapterLang, renderText } from '../i18n/index.ts';
import type { RenderTools } from '../shared/render/render-tools.ts';
import { renderValue } from '../shared/render/render-value.ts';
import type { DomLike } from '../shared/render/svg-to-view.ts';
import type { ViewNode } from '../shared/view-node.ts';

let document: Document | undefined;

/** Tools for a page in the given language ("en", "zh-CN"). */
export function buildRenderTools(lang = 'en'): RenderTools {
  document ??= parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
  return {
    document,
    parseSvg: (markup) => new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement as unknown as DomLike,
    text: renderText(lang),
    lang,
  };
}

/** `drawValue` for the remark plugin. */
export function drawValueAtBuild(bundle: MimeBundle, path = ''): Promise<ViewNode> {
  return renderValue(bundle, buildRenderTools(chapterLang(path)));
}
