import type { ReactNode } from 'react';
import { LOCALES, useLocale, useT } from '../i18n/index.ts';

const SHORT = { uk: 'lang.uk', en: 'lang.en' } as const;
const FULL = { uk: 'lang.ukName', en: 'lang.enName' } as const;

/**
 * УКР / ENG. The choice is remembered on the device and sent with every
 * request as Accept-Language (the API client follows the interface language).
 */
export function LanguageSwitch(): ReactNode {
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
          }}
        >
          {t(SHORT[l])}
        </button>
      ))}
    </div>
  );
}
