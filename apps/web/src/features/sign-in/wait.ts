import type { TFunction } from '../../i18n/index.ts';

/** "5 хв" / "40 с": the wait after a lockout or rate limit, whole minutes past one minute. */
export function formatWait(t: TFunction, seconds: number): string {
  return seconds > 60
    ? t('signIn.minutes', { n: Math.ceil(seconds / 60) })
    : t('signIn.seconds', { n: Math.max(1, Math.ceil(seconds)) });
}
