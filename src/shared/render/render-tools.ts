/** What the picture renderers need from their surroundings: the page's DOM, or linkedom's at build. */
import type { RenderText } from '../../i18n/index.ts';
import type { DomLike } from './svg-to-view.ts';

export interface RenderTools {
  /** A document to let a charting library create elements in. */
  document: Document;
  /** Parses SVG markup made by a library; the result is sanitised before use. */
  parseSvg(markup: string): DomLike;
  /** The renderers' own words, in the page's language. */
  text: RenderText;
  /** The page's language, for the helpers' own words (`localise.ts`); English when absent. */
  lang?: string;
}
