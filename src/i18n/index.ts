/**
 * The one language layer: every word a reader sees, by page language. `en.ts` holds the key set,
 * `zh-cn.ts` the Simplified Chinese (typed by it, so a missing key does not compile). A page's
 * language is its `<html lang>` ("en", "zh-CN"); at build, the chapter's folder.
 */
import { en, type Words } from './en.ts';

export type { Words } from './en.ts';
import type { OutputText, RenderText } from './types.ts';
export type * from './types.ts';

/** The book's languages, as Starlight names their locales' `lang`. */
export type Lang = 'en' | 'zh-CN';

/**
 * The words loaded so far. English is the key set and always here. A page downloads only its own
 * language: its script awaits `loadWords(lang)` before anything is worded (src/page/index.ts), so an
 * English page never fetches the Chinese (about 9 kB compressed). Where there is no document (the
 * build, Node, tests) the Chinese is loaded here, at once.
 */
const LOADED: Partial<Record<Lang, Words>> = { en };

/** Loads a language's words, once; English needs no loading. */
export async function loadWords(lang = 'en'): Promise<void> {
  if (bookLang(lang) === 'zh-CN' && !LOADED['zh-CN']) LOADED['zh-CN'] = (await import('./zh-cn.ts')).zhCN;
}

if (typeof document === 'undefined') await loadWords('zh-CN');

/** A page language such as "en", "zh-CN" or "zh-cn" as one of the book's; English when it is not one. */
export function bookLang(lang = 'en'): Lang {
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The words for a page language. */
export function words(lang = 'en'): Words {
  const found = LOADED[bookLang(lang)];
  if (!found) throw new Error(`the ${bookLang(lang)} words are not loaded yet: await loadWords("${lang}") before wording anything`);
  return found;
}

/** The language of a chapter file from its folder: `content/docs/zh-cn/gc.mdx` is Chinese. */
export function chapterLang(path: string): Lang {
  return /[\\/]docs[\\/]zh-cn[\\/]/i.test(path) ? 'zh-CN' : 'en';
}

export type EngineNotices = Words['notices'];
export type UiText = Words['ui'];

export const engineNotices = (lang = 'en'): EngineNotices => words(lang).notices;
export const uiText = (lang: string): UiText => words(lang).ui;
export const outputText = (lang: string): OutputText => words(lang).output;
export const renderText = (lang: string): RenderText => words(lang).render;
