import { DOMAIN_ERROR_LABELS, type DomainErrorCode } from '@custody/domain';
import { ApiError } from '../../api/client.ts';
import type { Locale, TFunction } from '../../i18n/index.ts';
import { describeError } from '../../ui/index.ts';
import { isDutyKey, type DutyT } from './i18n/use-duty-t.ts';

function isDomainCode(code: string): code is DomainErrorCode {
  return Object.hasOwn(DOMAIN_ERROR_LABELS, code);
}

/**
 * The field of a command's form a domain refusal asks the person to fill (its payload name): the
 * form puts the refusal on that field, linked from the error summary, rather than above the form.
 */
const REFUSAL_FIELD: Partial<Record<DomainErrorCode, string>> = {
  placement_breaks_rules: 'placementReason',
};

/** The payload field a refused command's answer asks for, if the refusal names one. */
export function refusalField(error: unknown): string | undefined {
  return error instanceof ApiError && isDomainCode(error.code)
    ? REFUSAL_FIELD[error.code]
    : undefined;
}

/**
 * One sentence for a refused command: the domain's refusal code (the 422 problem's `code`, stable
 * across languages) as the domain's own label in the interface language; the API's 403, 404, 409
 * and its own 422 codes from the duty catalogue; anything else as the app describes errors.
 */
export function describeRefusal(error: unknown, locale: Locale, dt: DutyT, t: TFunction): string {
  if (error instanceof ApiError && error.status !== 0) {
    if (isDomainCode(error.code)) return `${DOMAIN_ERROR_LABELS[error.code][locale]}.`;
    const key = `refusal.${error.code}`;
    if (isDutyKey(key)) return dt(key);
    if (error.status === 403) return dt('refusal.forbidden');
    if (error.status === 404) return dt('refusal.not_found');
  }
  return describeError(t, error);
}
