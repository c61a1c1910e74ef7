import { ApiError } from '../../api/client.ts';
import { describeError } from '../../ui/index.ts';
import type { TFunction } from '../../i18n/index.ts';
import { isDutyKey, type DutyT } from './i18n/use-duty-t.ts';

/**
 * One sentence for a refused command: the domain's refusal code (422 problem `code`, stable across
 * languages) mapped to a translated sentence; 403/404/409 likewise; anything else as the app
 * describes errors.
 */
export function describeRefusal(error: unknown, dt: DutyT, t: TFunction): string {
  if (error instanceof ApiError && error.status !== 0) {
    const key = `refusal.${error.code}`;
    if (isDutyKey(key)) return dt(key);
    if (error.status === 403) return dt('refusal.forbidden');
    if (error.status === 404) return dt('refusal.not_found');
  }
  return describeError(t, error);
}
