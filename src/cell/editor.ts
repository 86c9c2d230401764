/** The code editor of a cell: CodeMirror 6, loaded only when the reader edits or has edits. */
import { python } from '@codemirror/lang-python';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';

export interface CellEditor {
  code(): string;
  setCode(code: string): void;
  focus(): void;
}

export function createEditor(
  parent: HTMLElement,
  doc: string,
  hooks: { onRun(): void; onChange(code: string): void; label: string },
): CellEditor {
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      python(),
      Prec.highest(keymap.of([{ key: 'Shift-Enter', run: () => (hooks.onRun(), true) }])),
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
