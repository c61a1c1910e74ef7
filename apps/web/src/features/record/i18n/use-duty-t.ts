import { useCallback } from 'react';
import { useLocale, type Locale } from '../../../i18n/index.ts';
import { dutyEn } from './duty.en.ts';
import { dutyUk, type DutyKey, type DutyMessages } from './duty.uk.ts';
import { actionsEn } from './actions.en.ts';
import { actionsUk, type ActionKey, type ActionMessages } from './actions.uk.ts';
import { labelsEn } from './labels.en.ts';
import { labelsUk, type LabelKey, type Labels } from './labels.uk.ts';

export type { DutyKey } from './duty.uk.ts';
export type { LabelKey } from './labels.uk.ts';
export type { ActionKey } from './actions.uk.ts';

export type DutyMessageKey = DutyKey | LabelKey | ActionKey;
export type DutyT = (
  key: DutyMessageKey,
  vars?: Readonly<Record<string, string | number>>,
) => string;

const CATALOGUES: Record<Locale, DutyMessages & Labels & ActionMessages> = {
  uk: { ...dutyUk, ...labelsUk, ...actionsUk },
  en: { ...dutyEn, ...labelsEn, ...actionsEn },
};

/** Looks a duty-screen message up and fills `{name}` placeholders, as the app's `translate`. */
export function dutyTranslate(
  locale: Locale,
  key: DutyMessageKey,
  vars?: Readonly<Record<string, string | number>>,
): string {
  const text = CATALOGUES[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** True when `key` names a message of the duty catalogue (for codes that come from the server). */
export function isDutyKey(key: string): key is DutyMessageKey {
  return Object.hasOwn(CATALOGUES.uk, key);
}

/** The duty screens' translation function, following the interface language. */
export function useDutyT(): DutyT {
  const { locale } = useLocale();
  return useCallback<DutyT>((key, vars) => dutyTranslate(locale, key, vars), [locale]);
}
