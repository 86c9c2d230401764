/**
 * The code of a cell as the reader edits it: the static, highlighted code stays until the reader
 * acts, and the editor (CodeMirror, loaded lazily: `editor.ts`) takes its place on first interaction,
 * or at once when the reader has saved edits. Edits are saved per page and cell (`edit-store.ts`);
 * code from a share link is shown but not saved as the reader's edit.
 */
import type { CellLang } from '../../engine/protocol.ts';
import { editStore, type EditStore } from './edit-store.ts';
import { h } from '../shared/view-node.ts';
import { draw } from './cell-dom.ts';
import type { CellEditor } from './editor.ts';

/** localStorage, or a throwaway store where the browser forbids it (sandboxed frames, policies). */
function pageStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

const STATIC_CODE = ':scope > .hb-code-row > .expressive-code, :scope > .expressive-code';

export interface CodeHost {
  readonly cell: HTMLElement;
  readonly cellId: string;
  readonly language: CellLang;
  /** The code as the build baked it. */
  readonly original: string;
  /** The editor's accessible name. */
  readonly label: string;
  /** Where the editor goes when the cell shows no static code: before this element. */
  output(): HTMLElement;
  /** Whether Reset is offered (the code differs from the original). */
  showReset(shown: boolean): void;
  /** The editor has loaded. */
  editorReady(editor: CellEditor): void;
}

export class CellCode {
  private readonly host: CodeHost;
  private readonly store: EditStore = editStore(pageStorage(), location.pathname);
  private loading: Promise<CellEditor> | null = null;
  /** While code from a share link goes into the editor: it is not the reader's edit to save. */
  private quiet = false;
  editor: CellEditor | null = null;

  constructor(host: CodeHost) {
    this.host = host;
  }

  /** Offers Reset and loads the editor if the reader saved an edit; loads it on the first press on the static code. */
  hydrate(): void {
    const saved = this.store.load(this.host.cellId);
    this.host.showReset(saved !== null);
    if (saved !== null) void this.load(saved);
    const code = this.host.cell.querySelector<HTMLElement>(STATIC_CODE);
    code?.addEventListener('pointerdown', () => void this.load(this.host.original, true), { once: true });
  }

  /** The code the reader will run: the editor's, else the saved edit, else the original. */
  current(): string {
    return this.editor?.code() ?? this.store.load(this.host.cellId) ?? this.host.original;
  }

  /** Code from a share link: shown in the editor, not run and not saved as the reader's edit. */
  showShared(code: string): void {
    this.host.showReset(true);
    void this.load(code).then((editor) => {
      if (editor.code() === code) return;
      this.quiet = true;
      editor.setCode(code);
      this.quiet = false;
    });
  }

  /** Back to the original code: the saved edit is dropped. */
  reset(): void {
    const { cellId, original } = this.host;
    this.store.save(cellId, original, original);
    this.editor?.setCode(original);
    this.host.showReset(false);
  }

  private load(code: string, focus = false): Promise<CellEditor> {
    const host = this.host;
    this.loading ??= import('./editor.ts').then(({ createEditor }) => {
      const parent = draw(h('div', { class: 'hb-editor' }));
      const staticCode = host.cell.querySelector<HTMLElement>(STATIC_CODE);
      if (staticCode) {
        staticCode.hidden = true;
        staticCode.after(parent);
      } else host.output().before(parent);
      const editor = createEditor(parent, code, {
        label: host.label,
        lang: host.language,
        onChange: (next) => {
          if (this.quiet) return;
          this.store.save(host.cellId, next, host.original);
          host.showReset(next !== host.original);
        },
      });
      this.editor = editor;
      host.editorReady(editor);
      return editor;
    });
    if (focus) void this.loading.then((editor) => editor.focus());
    return this.loading;
  }
}
