/**
 * The one language layer: every word a reader sees, by page language. `en.ts` holds the key set,
 * `zh-cn.ts` the Simplified Chinese (typed by it, so a missing key does not compile). A page's
 * language is its `<html lang>` ("en", "zh-CN"); at build, the chapter's folder.
 */
import { en, type Words } from './en.ts';
import { zhCN } from './zh-cn.ts';

export type { Words } from './en.ts';
import type { OutputText, RenderText } from './types.ts';
export type * from './types.ts';

/** The book's languages, as Starlight names their locales' `lang`. */
export const LANGS = { en, 'zh-CN': zhCN } as const satisfies Record<string, Words>;
export type Lang = keyof typeof LANGS;

/** A page language such as "en", "zh-CN" or "zh-cn" as one of the book's; English when it is not one. */
export function bookLang(lang = 'en'): Lang {
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The words for a page language. */
export function words(lang = 'en'): Words {
  return LANGS[bookLang(lang)];
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
