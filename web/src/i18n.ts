import { createContext, useContext } from 'react';
import { en } from './dictionary-en.ts';
import { id, type Key } from './dictionary-id.ts';

/**
 * A small dictionary: Bahasa Indonesia is the default, English a toggle persisted in localStorage.
 * Keys are typed, so a missing translation is a compile error rather than a blank label.
 */
export type Lang = 'id' | 'en';

export type { Key };

const DICTS: Record<Lang, Record<Key, string>> = { id, en };
const STORAGE_KEY = 'lindung.lang';

export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing may forbid storage; the toggle still works for this page view.
  }
  document.documentElement.lang = lang;
}

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: Key, vars?: Vars): string {
  const s = DICTS[lang][key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** For labels that come from data (e.g. `segment.${code}`): falls back to the raw value. */
export function translateMaybe(lang: Lang, key: string, fallback: string): string {
  return key in DICTS[lang] ? DICTS[lang][key as Key] : fallback;
}

/** Index of the first " / " outside parentheses, or -1. */
function topLevelSlash(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(' / ', i)) return i;
  }
  return -1;
}

const LEGAL_REF = /^(PP|UU|Perpres|Permenaker|Inpres|Perda|Pasal)\b/;

/**
 * The API writes person-facing text as "Bahasa Indonesia / English", sometimes followed by
 * " — detail" shared by both, or with the pair inside parentheses: "JKK (pemberi kerja / employer)".
 * Shows the half in the current language. "(PP 49/2020 / PP 50/2025)" lists two regulations and is kept.
 */
export function localize(message: string, lang: Lang): string {
  const i = topLevelSlash(message);
  if (i >= 0) {
    const first = message.slice(0, i);
    const rest = message.slice(i + 3);
    const dash = rest.indexOf(' — ');
    const second = dash >= 0 ? rest.slice(0, dash) : rest;
    const suffix = dash >= 0 ? rest.slice(dash) : '';
    return (lang === 'id' ? first : second) + suffix;
  }
  return message.replace(/\(([^()]*?) \/ ([^()]*?)\)/g, (m, a: string, b: string) =>
    LEGAL_REF.test(b) ? m : `(${lang === 'id' ? a : b})`,
  );
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: Key, vars?: Vars): string;
  /** Picks between a pair of messages the API sends side by side (message_id / message_en). */
  pick(idText: string | null | undefined, enText: string | null | undefined): string;
}

export const I18nContext = createContext<I18n>({
  lang: 'id',
  setLang: () => {},
  t: (key, vars) => translate('id', key, vars),
  pick: (a, b) => a ?? b ?? '',
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
