import type { ReactNode } from 'react';
import { LOCALES, useLocale, useT, type Locale } from '../i18n/index.ts';

const SHORT = { uk: 'lang.uk', en: 'lang.en' } as const;
const FULL = { uk: 'lang.ukName', en: 'lang.enName' } as const;

/**
 * УКР / ENG. The choice is remembered on the device; `onChosen` lets a
 * signed-in shell also store it as the account's preference.
 */
export function LanguageSwitch(props: { onChosen?: (locale: Locale) => void }): ReactNode {
  const t = useT();
  const { locale, setLocale } = useLocale();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.switch')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          title={t(FULL[l])}
          onClick={() => {
            if (l === locale) return;
            setLocale(l);
            props.onChosen?.(l);
          }}
        >
          {t(SHORT[l])}
        </button>
      ))}
    </div>
  );
}
