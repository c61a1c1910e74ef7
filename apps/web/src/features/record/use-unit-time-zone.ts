import { useEffect, useState } from 'react';
import { listUnits } from '../admin/api.ts';

/**
 * The IANA time zone of a unit, for showing a record's instants in the unit's local time
 * (domain.md §3); undefined until known, when the browser's zone is used.
 */
export function useUnitTimeZone(unitId: string): string | undefined {
  const [timeZone, setTimeZone] = useState<string>();
  useEffect(() => {
    let live = true;
    listUnits().then(
      (units) => {
        if (live) setTimeZone(units.find((u) => u.id === unitId)?.timeZone);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [unitId]);
  return timeZone;
}
