import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { MessageKey } from './uk.ts';
import {
  LOCALE_STORAGE_KEY,
  initialLocale,
  translate,
  type Locale,
  type TranslateVars,
} from './translate.ts';

export type TFunction = (key: MessageKey, vars?: TranslateVars) => string;

interface I18nValue {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly t: TFunction;
}

const I18nContext = createContext<I18nValue | null>(null);

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Holds the interface language: Ukrainian by default, remembered in
 * localStorage, mirrored on `<html lang>` so that screen readers and hyphenation
 * follow it (WCAG 2.2 SC 3.1.1).
 */
export function I18nProvider(props: { children: ReactNode }): ReactNode {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(safeStorage()));

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.title');
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    safeStorage()?.setItem(LOCALE_STORAGE_KEY, next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext value={value}>{props.children}</I18nContext>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT outside I18nProvider');
  return value;
}

/** The translation function of the current language. */
export function useT(): TFunction {
  return useI18n().t;
}

/** The current language and the switch that remembers a new one. */
export function useLocale(): Pick<I18nValue, 'locale' | 'setLocale'> {
  const { locale, setLocale } = useI18n();
  return { locale, setLocale };
}

/** True when the device has a remembered choice, which then wins over the account's preference. */
export function hasStoredLocale(): boolean {
  return safeStorage()?.getItem(LOCALE_STORAGE_KEY) != null;
}
