/** The code editor of a cell: CodeMirror 6, loaded only when the reader edits or has edits. */
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { Prec, RangeSet, StateEffect, StateField, type Range } from '@codemirror/state';
import { gutter, GutterMarker, keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import type { CellLang } from '../../engine/protocol.ts';
import type { GutterRow } from '../shared/line-gutter.ts';

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  focus(): void;
  /**
   * Shows the bytes each line still held at the end of the last run in a gutter beside the line
   * numbers (`gutterRows` of that run), or hides it with null. The figures follow their lines
   * through edits until the next run replaces them.
   */
  setLines(rows: readonly GutterRow[] | null, title: (row: GutterRow) => string): void;
}

/** One line's figure in the memory gutter, shaded like the static gutter (`hb-heat-N`). */
class BytesMarker extends GutterMarker {
  readonly text: string;
  readonly level: number;
  readonly title: string;
  constructor(text: string, level: number, title = '') {
    super();
    this.text = text;
    this.level = level;
    this.title = title;
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof BytesMarker && other.text === this.text && other.level === this.level && other.title === this.title;
  }
  override toDOM(): Node {
    const el = document.createElement('span');
    // The spacer (level -1) only gives the gutter its width: not a figure.
    el.className = this.level < 0 ? 'hb-gl-spacer' : `hb-gl hb-heat-${this.level}`;
    el.textContent = this.text;
    if (this.title) el.title = this.title;
    return el;
  }
}

const setLineMarkers = StateEffect.define<RangeSet<GutterMarker> | null>();

/** The memory gutter's markers, mapped through edits; null while the gutter is closed. */
const lineMarkers = StateField.define<RangeSet<GutterMarker> | null>({
  create: () => null,
  update(markers, tr) {
    for (const effect of tr.effects) if (effect.is(setLineMarkers)) return effect.value;
    return markers && tr.docChanged ? markers.map(tr.changes) : markers;
  },
});

const memoryGutter = [
  lineMarkers,
  gutter({
    class: 'hb-cm-gutter',
    markers: (view) => view.state.field(lineMarkers) ?? RangeSet.empty,
    // Wide enough for "1023.9 KiB" once open, nothing while closed.
    initialSpacer: () => new BytesMarker('', -1),
    updateSpacer: (_spacer, update) => new BytesMarker(update.state.field(lineMarkers) ? '000.00 KiB' : '', -1),
  }),
  EditorView.theme({
    '.hb-cm-gutter .cm-gutterElement': { padding: '0 0.4em', textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
    '.hb-heat-1': { background: 'rgba(230, 120, 20, 0.1)', boxShadow: 'inset -2px 0 rgb(230, 120, 20)' },
    '.hb-heat-2': { background: 'rgba(230, 120, 20, 0.2)', boxShadow: 'inset -4px 0 rgb(230, 120, 20)' },
    '.hb-heat-3': { background: 'rgba(230, 120, 20, 0.3)', boxShadow: 'inset -6px 0 rgb(230, 120, 20)' },
    '.hb-heat-4': { background: 'rgba(230, 120, 20, 0.4)', boxShadow: 'inset -8px 0 rgb(230, 120, 20)', fontWeight: '600' },
  }),
];

/** The editor's focus ring, in the site's accent colour (page CSS does not reach into the shadow root). */
const focusRing = EditorView.theme({ '&.cm-focused': { outline: '2px solid var(--sl-color-accent)' } });

export function createEditor(
  parent: HTMLElement,
  doc: string,
  hooks: { onChange(code: string): void; label: string; lang: CellLang },
): CellEditor {
  // In a document CodeMirror styles itself with a <style> element whose text it makes at run time,
  // so the site's Content-Security-Policy (style elements by build-time hash only) refuses it. In a
  // shadow root it uses constructed style sheets, which CSP does not govern (Chromium 156).
  const root = parent.attachShadow({ mode: 'open' });
  const view = new EditorView({
    doc,
    parent: root,
    root,
    extensions: [
      basicSetup,
      memoryGutter,
      focusRing,
      hooks.lang === 'javascript' ? javascript() : python(),
      // Handled by the cell (cell-reading.ts), where the key event arrives next: here they only must not
      // insert a line. Esc (at normal precedence, so it still closes a completion list) also reaches the cell.
      Prec.highest(
        keymap.of([
          { key: 'Shift-Enter', run: () => true },
          { key: 'Mod-Enter', run: () => true },
        ]),
      ),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) hooks.onChange(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': hooks.label }),
    ],
  });
  return {
    code: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus: () => view.focus(),
    setLines(rows, title) {
      let markers: RangeSet<GutterMarker> | null = null;
      if (rows) {
        const doc = view.state.doc;
        const ranges: Range<GutterMarker>[] = rows
          .filter((row) => row.bytes > 0 && row.line <= doc.lines)
          .map((row) => new BytesMarker(row.text, row.level, title(row)).range(doc.line(row.line).from));
        markers = RangeSet.of(ranges, true);
      }
      view.dispatch({ effects: setLineMarkers.of(markers) });
    },
  };
}
