import type { Obligation } from '@custody/contracts';
import { isDutyKey, type DutyT } from './i18n/use-duty-t.ts';

/**
 * The name of a deadline: its kind, and for a notification whom it is owed to (the id names it,
 * 'notification:legal_aid_centre'), so that two notifications are not both just "Notification".
 */
export function obligationLabel(o: Pick<Obligation, 'id' | 'kind'>, dt: DutyT): string {
  const kind = dt(`obligation.${o.kind}`);
  if (o.kind !== 'notification') return kind;
  const whom = `notification.${o.id.slice(o.id.indexOf(':') + 1)}`;
  return o.id.includes(':') && isDutyKey(whom) ? `${kind}: ${dt(whom)}` : kind;
}
