/** Draws values at build: the same renderers as the page, with linkedom standing in for the DOM. */
import { DOMParser, parseHTML } from 'linkedom';
import type { MimeBundle } from '../../workers/protocol.ts';
import type { RenderTools } from '../lib/render/render-tools.ts';
import { renderValue } from '../lib/render/render-value.ts';
import type { DomLike } from '../lib/render/svg-to-view.ts';
import type { ViewNode } from '../lib/view-node.ts';

let tools: RenderTools | undefined;

export function buildRenderTools(): RenderTools {
  tools ??= {
    document: parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document,
    parseSvg: (markup) =>
      new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement as unknown as DomLike,
  };
  return tools;
}

/** `drawValue` for the remark plugin. */
export function drawValueAtBuild(bundle: MimeBundle): Promise<ViewNode> {
  return renderValue(bundle, buildRenderTools());
}
