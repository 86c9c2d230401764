/** The code editor of a cell: CodeMirror 6, loaded only when the reader edits or has edits. */
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import type { CellLang } from '../../workers/protocol.ts';

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  focus(): void;
}

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
  };
}
