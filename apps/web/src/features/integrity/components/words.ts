import { useLocale, type Locale } from '../../../i18n/index.ts';

/**
 * A component's own words (uk and en) as a translate function with `{name}` placeholders, for the
 * integrity screen's self-contained components (witness status, the browser's quorum check).
 */
export function useWordsOf<K extends string>(
  words: Record<Locale, Record<K, string>>,
): (key: K, vars?: Record<string, string | number>) => string {
  const { locale } = useLocale();
  return (key, vars = {}) =>
    words[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars[name] === undefined ? whole : String(vars[name]),
    );
}
