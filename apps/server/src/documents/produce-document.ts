import type { Obligation } from '@custody/contracts';
import { deviceStamps } from '../devices/device-stamps.ts';
import {
  byUrgency,
  obligationForReader,
  recordClock,
  type ClockSettingsInput,
} from '@custody/domain';
import { findUnit } from '../accounts/units.ts';
import type { Database } from '../db/database.ts';
import { displayNames } from '../records/record-view.ts';
import type { StoredEvent } from '../store/index.ts';
import type { ExtractBundle } from './extract-format.ts';
import { viewRecord } from './pdf/record-view.ts';
import { renderDocument, type DocumentInput, type DocumentKind } from './render-document.ts';

/** Payload keys that hold the user id of a staff member (who else the document names). */
const STAFF_KEYS =
  /^(id|officialId|officerId|supervisorId|investigatorId|interrogatorId|authorisedById)$/;

function staffIdsIn(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) staffIdsIn(v, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && STAFF_KEYS.test(k)) out.add(v);
    else staffIdsIn(v, out);
  }
}

/**
 * Display names of the staff a record's documents name: the authors of its entries and the
 * users its payloads refer to (responsible official, interviewed officer, supervisor...). Looked
 * up with `displayNames`, the resolver of the record page, so a document names people as the
 * record page does; ids of people who are not users are simply not found.
 */
export async function documentPeople(
  database: Database,
  events: readonly { readonly actor: { readonly id: string }; readonly payload: unknown }[],
): Promise<ReadonlyMap<string, string>> {
  const ids = new Set(events.map((e) => e.actor.id));
  for (const e of events) staffIdsIn(e.payload, ids);
  return displayNames(database, [...ids]);
}

export interface DocumentRequest {
  readonly recordId: string;
  readonly kind: DocumentKind;
  readonly locale: 'uk' | 'en';
  /** The record's events as stored, in stream order. */
  readonly events: readonly StoredEvent[];
  /** The record's unit (record summary); its name and code head every page. */
  readonly unitId: string;
  readonly timeZone: string;
  readonly generatedAt: string;
  /** Entries whose payload this reader may not see (domain.md §5): printed as withheld. */
  readonly withhold?: (e: StoredEvent) => boolean;
  /**
   * Whether the reader may see health and risk entries: without it, a deadline whose words tell of
   * them (a cell check with rousing) is printed with its neutral words (domain.md §5).
   */
  readonly showHealth: boolean;
  /** The extract bundle, for the verification section of the record extract. */
  readonly verification?: ExtractBundle;
  /** The unit's clock settings: the record extract then prints the deadlines and outcomes. */
  readonly clock?: ClockSettingsInput;
}

/**
 * The record's deadlines at `generatedAt` from its full events (a withheld payload still counts
 * for the clock; only its words are blanked, and without `showHealth` a deadline's words about
 * health or risk), most urgent first, and the most urgent open one.
 */
function deadlinesOf(
  events: readonly StoredEvent[],
  clock: ClockSettingsInput,
  now: string,
  showHealth: boolean,
): Pick<DocumentInput, 'obligations' | 'mostUrgentId'> {
  const view = viewRecord(events);
  if (view.state === undefined) return {};
  const clockOf = recordClock({ events: view.events, settings: clock, now });
  const sorted = byUrgency(clockOf.obligations).map((o) => obligationForReader(o, showHealth));
  return {
    obligations: sorted,
    ...(clockOf.mostUrgent === undefined ? {} : { mostUrgentId: clockOf.mostUrgent.id }),
  };
}

/**
 * The deadlines an extract bundle carries (extract-format.ts `deadlines`): the same clock, order
 * and final outcomes as the record extract prints, from the record's full events at `now`.
 */
export function deadlinesForBundle(
  events: readonly StoredEvent[],
  clock: ClockSettingsInput,
  now: string,
  showHealth: boolean,
): Obligation[] {
  return (deadlinesOf(events, clock, now, showHealth).obligations ?? []) as Obligation[];
}

/**
 * One document of a record as PDF, the same for every caller (API route, record page, CLI):
 * the unit from the accounts, people named by `documentPeople`, withheld payloads blanked, then
 * `renderDocument`. Throws its DocumentUnavailableError and FontMissingError unchanged.
 */
export async function produceDocument(database: Database, r: DocumentRequest): Promise<Buffer> {
  const withhold = r.withhold ?? (() => false);
  const events = r.events.map((e) =>
    withhold(e) ? { ...e, payload: null, withheld: 'health_without_consent' as const } : e,
  );
  const unit = await findUnit(database, r.unitId);
  const names = await documentPeople(database, events);
  return renderDocument(r.kind, {
    recordId: r.recordId,
    events,
    locale: r.locale,
    unit: {
      id: r.unitId,
      name: unit?.name ?? r.unitId,
      code: unit?.code ?? '-',
      timeZone: r.timeZone,
    },
    people: (id) => names.get(id),
    generatedAt: r.generatedAt,
    ...(r.verification === undefined ? {} : { verification: r.verification }),
    ...(r.kind === 'record_extract' ? { device: await deviceStamps(database, r.recordId) } : {}),
    ...(r.clock === undefined || r.kind !== 'record_extract'
      ? {}
      : deadlinesOf(r.events, r.clock, r.generatedAt, r.showHealth)),
  });
}
