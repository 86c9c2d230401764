/** Draws values on the page: the shared renderers with the browser's own DOM and SVG parser. */
import type { MimeBundle } from '../../engine/protocol.ts';
import { renderText } from '../i18n/index.ts';
import { renderValue } from '../shared/render/render-value.ts';
import type { ViewNode } from '../shared/view-node.ts';

export function drawValueOnPage(bundle: MimeBundle): Promise<ViewNode> {
  return renderValue(bundle, {
    document,
    parseSvg: (markup) => new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement,
    text: renderText(document.documentElement.lang || 'en'),
    lang: document.documentElement.lang || 'en',
  });
}
