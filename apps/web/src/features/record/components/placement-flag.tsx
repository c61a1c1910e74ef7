import type { ReactNode } from 'react';
import type { PlacementFlag, TimelineEntry } from '@custody/contracts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import './placement-flag.css';

/** A placement recorded although it broke placement rules (domain.md §4): flagged for good. */
export function placementInBreach(entry: TimelineEntry): boolean {
  if (entry.type !== 'DetaineeMoved') return false;
  const breaches = (entry.payload as { placementBreaches?: unknown } | null)?.placementBreaches;
  return Array.isArray(breaches) && breaches.length > 0;
}

/** The tag of a placement in breach: on its timeline entry and beside where the person is. */
export function PlacementBreachTag(): ReactNode {
  const dt = useDutyT();
  return <span className="tag tag-breach">{dt('wb.placementFlagShort')}</span>;
}

/** The current placement broke placement rules: which, and the reason stated (record views). */
export function PlacementFlagNotice(props: { flag: PlacementFlag | null }): ReactNode {
  const dt = useDutyT();
  if (props.flag === null) return null;
  return (
    <p className="placement-flag">
      {dt('wb.placementFlag', {
        rules: props.flag.breaches.map((r) => dt(`placement.${r}`)).join('; '),
        reason: props.flag.reason,
      })}
    </p>
  );
}
