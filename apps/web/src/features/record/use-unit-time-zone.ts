import { useQuery } from '@tanstack/react-query';
import { useUser } from '../../app/session.tsx';
import { unitsQuery } from '../admin/api.ts';

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

/** The zone of a unit as far as this page knows it, else the default. */
function zoneOf(unitId: string | null | undefined): string {
  return (unitId ? known.get(unitId) : undefined) ?? DEFAULT_TIME_ZONE;
}

/**
 * The zones of every unit the caller may read (`GET /units`), as a lookup by unit id: for a
 * screen that lists records of several units, each shown on its own unit's clock. Until the
 * list answers (or if it cannot be read) a unit's zone is the server's default, Europe/Kyiv.
 */
export function useUnitTimeZones(): (unitId: string | null | undefined) => string {
  const units = useQuery(unitsQuery());
  for (const unit of units.data ?? []) rememberUnitTimeZone(unit.id, unit.timeZone);
  return zoneOf;
}

/**
 * The IANA time zone of a unit, in which every instant of its records is shown (domain.md §3):
 * never the device's zone, so a record reads the same on any computer. Until the unit list
 * answers (or if it cannot be read) the zone is the server's default, Europe/Kyiv; without a
 * unit (a user who belongs to none) it is that default.
 */
export function useUnitTimeZone(unitId: string | null | undefined): string {
  return useUnitTimeZones()(unitId);
}

/**
 * The zone of the signed-in user's own unit, for screens that are not about one unit's records
 * (grants, tokens, checkpoints); the server's default for users without a unit (HQ, admin,
 * monitors, lawyers).
 */
export function useOwnTimeZone(): string {
  return useUnitTimeZone(useUser().unitId);
}
