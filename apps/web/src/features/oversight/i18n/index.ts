import { useCallback } from 'react';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { oversightEn } from './en.ts';
import { oversightUk, type OversightKey, type OversightMessages } from './uk.ts';

export type { OversightKey } from './uk.ts';

const catalogues: Record<Locale, OversightMessages> = { uk: oversightUk, en: oversightEn };

export type OversightT = (
  key: OversightKey,
  vars?: Readonly<Record<string, string | number>>,
) => string;

/** Looks a key up in the oversight catalogue and fills `{name}` placeholders. */
export function translateOversight(
  locale: Locale,
  key: OversightKey,
  vars?: Readonly<Record<string, string | number>>,
): string {
  const text = catalogues[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The oversight screens' own catalogue, kept beside the features so that the shared catalogue
 * (edited by every screen) grows only by the menu entries.
 */
export function useOversightT(): OversightT {
  const { locale } = useLocale();
  return useCallback<OversightT>((key, vars) => translateOversight(locale, key, vars), [locale]);
}
