/** Keeps the reader's edits per page and cell, in any Storage (localStorage in the browser). */
const PREFIX = 'heapbook:v1:';

export interface EditStore {
  load(cellId: string): string | null;
  save(cellId: string, code: string, original: string): void;
}

export function editStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, page: string): EditStore {
  const key = (cellId: string) => `${PREFIX}${page}#${cellId}`;
  return {
    load(cellId) {
      try {
        return storage.getItem(key(cellId));
      } catch {
        return null; // storage disabled (private mode, policy): edits simply do not persist
      }
    },
    save(cellId, code, original) {
      try {
        if (code === original) storage.removeItem(key(cellId));
        else storage.setItem(key(cellId), code);
      } catch {
        // Quota exceeded or storage disabled: the edit stays in the editor for this visit.
      }
    },
  };
}
