import { en } from './en.ts';
import { uk, type MessageKey, type Messages } from './uk.ts';

export type Locale = 'uk' | 'en';

export const LOCALES: readonly Locale[] = ['uk', 'en'];

/** Where the chosen language is remembered on this device. */
export const LOCALE_STORAGE_KEY = 'custody.locale';

const catalogues: Record<Locale, Messages> = { uk, en };

export type TranslateVars = Readonly<Record<string, string | number>>;

/** Looks a key up in the locale's catalogue and fills `{name}` placeholders; unknown placeholders stay visible. */
export function translate(locale: Locale, key: MessageKey, vars?: TranslateVars): string {
  const text = catalogues[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return value === 'uk' || value === 'en';
}

/** Ukrainian unless the device remembered English. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale {
  const stored = storage?.getItem(LOCALE_STORAGE_KEY);
  return isLocale(stored) ? stored : 'uk';
}
