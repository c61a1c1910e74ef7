import { useEffect, useState } from 'react';
import { listUnits } from '../admin/api.ts';

/** The zone of a unit until the server has named it (the server's own default, CUSTODY_TIME_ZONE). */
export const DEFAULT_TIME_ZONE = 'Europe/Kyiv';

/** Zones already learnt in this page, by unit id (from the whiteboard or the unit list). */
const known = new Map<string, string>();

/** The zone if this browser knows it, else the default (a formatter would throw on it). */
export function usableTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** Records a unit's zone as the server gave it (the whiteboard carries it), for the record page. */
export function rememberUnitTimeZone(unitId: string, timeZone: string): void {
  known.set(unitId, usableTimeZone(timeZone));
}

/**
 * The IANA time zone of a unit, in which every instant of its records is shown (domain.md §3):
 * never the device's zone, so a record reads the same on any computer. Until the unit list
 * answers (or if it cannot be read) the zone is the server's default, Europe/Kyiv.
 */
export function useUnitTimeZone(unitId: string): string {
  const [timeZone, setTimeZone] = useState(() => known.get(unitId) ?? DEFAULT_TIME_ZONE);
  useEffect(() => {
    let live = true;
    listUnits().then(
      (units) => {
        for (const unit of units) rememberUnitTimeZone(unit.id, unit.timeZone);
        const zone = known.get(unitId);
        if (live && zone) setTimeZone(zone);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [unitId]);
  return timeZone;
}
