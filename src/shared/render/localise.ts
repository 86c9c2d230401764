/**
 * A helper's payload in the page's language: the helper wrote English and carried the Chinese of
 * each of its own texts (`Worded.words`); every string value that is one of them is replaced.
 * Keys, and the fields that name rather than say (a column's key, a format, a kind), are left
 * alone, so the renderers find their rows and columns as before. Pure.
 */
import { bookLang } from '../../i18n/index.ts';
import type { Worded } from '../../../engine/protocol.ts';

/** Fields whose values are names the renderers look up, never words. */
const NAMES = new Set(['key', 'format', 'mark', 'kind', 'direction', 'id', 'storageName']);

export function localise<T>(data: T, lang = 'en'): T {
  if (!data || typeof data !== 'object') return data;
  const { words, ...rest } = data as T & Worded;
  const table = bookLang(lang) === 'en' ? undefined : words?.[bookLang(lang) as 'zh-CN'];
  if (!table) return (words ? rest : data) as T;
  const say = (value: unknown, field: string | null): unknown => {
    if (typeof value === 'string') return field !== null && NAMES.has(field) ? value : Object.hasOwn(table, value) ? table[value] : value;
    if (Array.isArray(value)) return value.map((item) => say(item, null));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, say(v, k)]));
    return value;
  };
  return say(rest, null) as T;
}
