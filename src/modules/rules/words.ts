/**
 * The words people read, for files the server writes (CSV/XLSX lists): one dictionary for screens and
 * files, the web's (web/src/dictionary-*.ts and a feature's own words), so an export never says a
 * status differently from the page it came from.
 */
import { en } from '../../../web/src/dictionary-en.ts';
import { id } from '../../../web/src/dictionary-id.ts';
import type { Lang } from '../../platform/list-export.ts';

type Words = Record<Lang, Record<string, string>>;
const WEB: Words = { id, en };

/** A word of the web's dictionary (or of a feature's own words), falling back to the value itself. */
export function word(
  lang: Lang,
  key: string,
  fallback: string | null | undefined,
  words: Words = WEB,
): string {
  return words[lang][key] ?? WEB[lang][key] ?? fallback ?? '';
}
