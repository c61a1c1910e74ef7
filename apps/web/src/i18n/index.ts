export { I18nProvider, useT, useLocale, hasStoredLocale, type TFunction } from './i18n.tsx';
export { translate, isLocale, LOCALES, type Locale } from './translate.ts';
export type { MessageKey } from './uk.ts';
