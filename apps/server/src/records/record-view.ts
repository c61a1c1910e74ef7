import { sql } from 'kysely';
import type {
  Obligation,
  RecordFlags,
  RecordSummary,
  RecordView,
  TimelineEntry,
} from '@custody/contracts';
import {
  HEALTH_AND_RISK_EVENT_TYPES,
  isEventType,
  isLate,
  obligationForReader,
  obligationsOfFacts,
  summarise,
  whiteboardClock,
  type ClockSettingsInput,
  type RecordClock,
  type RecordFacts,
} from '@custody/domain';
import { accountsDb } from '../accounts/database.ts';
import type { Database } from '../db/database.ts';
import type { RecordSummariesTable } from '../projections/record-summaries.table.ts';
import type { StoredEvent } from '../store/index.ts';
import type { CustodySettings } from './custody-settings.ts';
import type { LoadedRecord } from './record-cache.ts';
import { placementFlagOf } from './placement.ts';

/**
 * The legal clock of a folded record at `now` (domain.md §4), with its unit's clock settings
 * (policy/unit-policy.ts `unitClockSettings`, the one home of them).
 */
export function clockOf(
  loaded: LoadedRecord,
  settings: ClockSettingsInput,
  now: Date,
): RecordClock {
  return summarise(obligationsOfFacts(loaded.facts, settings, now.getTime()));
}

/**
 * What a summary row needs of the clock (worst status, over-detention, next deadline), from the
 * open obligations only: equal to {@link clockOf} on those fields (property-tested in the domain)
 * at a fraction of the cost, for lists of many records.
 */
export function summaryClockOf(
  loaded: LoadedRecord,
  settings: ClockSettingsInput,
  now: Date,
): RecordClock {
  return whiteboardClock(loaded.facts, settings, now.getTime());
}

/** What a list row shows of a record's clock ({@link toSummary}). */
export type SummaryClock = Pick<
  RecordClock,
  'worstStatus' | 'overDetention' | 'nextDue' | 'mostUrgent'
>;

/**
 * The summary clock of a record whose custody ended, as stored beside its findings
 * (`record_findings.clock`, reports/stored-findings.ts): nothing runs after custody ends, so
 * {@link summaryClockOf} gives the same at every instant from the end (`at`) on, under the same
 * settings. The obligations keep their domain fields (`revealsHealth`, `withheldExplanation`):
 * each reader's words are chosen when the row is shown, as for a fold.
 */
export interface FinalSummaryClock {
  /** The end of custody: the clock is fixed from then on; a list read before it folds. */
  readonly at: string;
  readonly clock: SummaryClock;
}

/**
 * {@link FinalSummaryClock} of a record from its facts, or null while its custody runs (or when
 * its detention is not in the log: an erased opening entry, whose clock reads the settings of
 * `now`).
 */
export function finalSummaryClock(
  facts: RecordFacts,
  settings: ClockSettingsInput,
  now: number,
): FinalSummaryClock | null {
  const closed = facts.closed;
  if (closed === undefined || facts.detention === undefined) return null;
  const c = whiteboardClock(facts, settings, Math.max(now, closed.at));
  const clock: SummaryClock = { worstStatus: c.worstStatus, overDetention: c.overDetention };
  if (c.nextDue !== undefined) clock.nextDue = c.nextDue;
  if (c.mostUrgent !== undefined) clock.mostUrgent = c.mostUrgent;
  return { at: new Date(closed.at).toISOString(), clock };
}

/**
 * An obligation as the API gives it to one reader: without `showHealth` (the decision that
 * withholds health entries from the timeline), one whose words tell of health or risk carries its
 * neutral words (domain `obligationForReader`; domain.md §5).
 */
const toObligation = (o: RecordClock['obligations'][number], showHealth: boolean): Obligation =>
  obligationForReader(o, showHealth);

/**
 * A summary row and the record's clock, mapped field by field to the API's summary; its next and
 * most urgent deadlines, and the observation level (set by a health and risk entry), as
 * `showHealth` lets the reader see them (domain.md §5).
 */
export function toSummary(
  row: RecordSummariesTable,
  clock: SummaryClock,
  showHealth: boolean,
): RecordSummary {
  return {
    id: row.record_id,
    unitId: row.unit_id,
    status: row.status as RecordSummary['status'],
    custodyNumber: row.custody_number,
    person: {
      displayName: row.person_name,
      juvenile: row.juvenile !== 0,
      foreigner: row.foreigner !== 0,
    },
    profile: row.profile as RecordSummary['profile'],
    t0: row.t0,
    deliveredAt: row.delivered_at,
    endedAt: row.ended_at,
    location: row.location,
    observationLevel: showHealth
      ? (row.observation_level as RecordSummary['observationLevel'])
      : null,
    worstStatus: clock.worstStatus,
    overDetention: clock.overDetention,
    nextDue: clock.nextDue === undefined ? null : toObligation(clock.nextDue, showHealth),
    mostUrgent: clock.mostUrgent === undefined ? null : toObligation(clock.mostUrgent, showHealth),
    version: row.version,
  };
}

/** Display names of users by id (actors of the timeline and of the access log). */
export async function displayNames(
  database: Database,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // One statement: users by their display name and, for an entry made with an API token, the
  // token's name (e.g. the camera system); a user's name wins should an id name both.
  const db = accountsDb(database);
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', sql<number>`0`.as('user')])
    .where('id', 'in', unique)
    .unionAll(
      db
        .selectFrom('users')
        .select(['id', 'display_name as name', sql<number>`1`.as('user')])
        .where('id', 'in', unique),
    )
    .execute();
  const names = new Map(rows.filter((r) => r.user === 0).map((r) => [r.id, r.name]));
  for (const r of rows) if (r.user === 1) names.set(r.id, r.name);
  return names;
}

function payloadField(e: StoredEvent, field: string): string | null {
  const p = e.payload;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return null;
  const v = p[field];
  return typeof v === 'string' ? v : null;
}

const isHealth = (type: string | undefined) =>
  type !== undefined && isEventType(type) && HEALTH_AND_RISK_EVENT_TYPES.has(type);

/**
 * Which of a record's entries hold health or risk data (domain.md §5): the health and risk entries
 * and the corrections of one (a correction carries the corrected data). The one decision the
 * timeline, the extract PDF and the bundle withhold by.
 */
export function healthEntries(stored: readonly StoredEvent[]): (e: StoredEvent) => boolean {
  const typeById = new Map(stored.map((e) => [e.id, e.type]));
  return (e) => {
    if (isHealth(e.type)) return true;
    const corrects = e.type === 'EntryCorrected' ? payloadField(e, 'targetEventId') : null;
    return corrects !== null && isHealth(typeById.get(corrects));
  };
}

/**
 * The timeline as logged: both times and the late mark (domain.md §3), corrections linked both
 * ways, health and risk payloads withheld unless `showHealth` (domain.md §5; a correction of a
 * health entry carries health data too), erased payloads marked as such.
 */
export function timelineOf(
  stored: readonly StoredEvent[],
  showHealth: boolean,
  lateEntryMinutes: number,
  names: ReadonlyMap<string, string>,
): TimelineEntry[] {
  const isHealthEntry = healthEntries(stored);
  const correctedBy = new Map<string, string[]>();
  for (const e of stored) {
    const target = e.type === 'EntryCorrected' ? payloadField(e, 'targetEventId') : null;
    if (target !== null) correctedBy.set(target, [...(correctedBy.get(target) ?? []), e.id]);
  }
  return stored.map((e) => {
    const corrects = e.type === 'EntryCorrected' ? payloadField(e, 'targetEventId') : null;
    const withheld =
      e.payload === null
        ? 'erased'
        : isHealthEntry(e) && !showHealth
          ? 'health_without_consent'
          : null;
    return {
      logIndex: e.logIndex,
      eventId: e.id,
      version: e.streamVersion,
      type: e.type,
      occurredAt: e.occurredAt,
      occurredOffset: e.occurredOffset ?? null,
      recordedAt: e.recordedAt,
      late: isLate(e, lateEntryMinutes),
      actor: { id: e.actor.id, role: e.actor.role, displayName: names.get(e.actor.id) ?? null },
      payload: withheld === null ? e.payload : null,
      withheld,
      corrects,
      correctedBy: correctedBy.get(e.id) ?? [],
      leafHash: e.leafHash,
    };
  });
}

function flagsOf(loaded: LoadedRecord, clock: RecordClock, timeline: TimelineEntry[]): RecordFlags {
  const s = loaded.state;
  return {
    overDetention: clock.overDetention,
    overDetentionSince: clock.overDetentionSince ?? null,
    martialLaw: clock.martialLaw,
    flaggedContacts: s?.flaggedContactCount ?? 0,
    lateEntries: timeline.filter((t) => t.late).length,
    corrections: timeline.filter((t) => t.corrects !== null).length,
    juvenile: s?.juvenile ?? false,
    foreigner: s?.foreigner ?? false,
    placement: placementFlagOf(s),
  };
}

/** The record screen: summary, obligations, timeline and flags (domain.md §3-§5); the route adds what the caller may do. */
export function recordView(input: {
  row: RecordSummariesTable;
  loaded: LoadedRecord;
  stored: readonly StoredEvent[];
  clock: RecordClock;
  showHealth: boolean;
  settings: CustodySettings;
  names: ReadonlyMap<string, string>;
}): Omit<RecordView, 'commands' | 'documents'> {
  const { row, loaded, stored, clock, showHealth, settings, names } = input;
  const timeline = timelineOf(stored, showHealth, settings.clock.lateEntryMinutes, names);
  return {
    summary: toSummary(row, clock, showHealth),
    obligations: clock.obligations.map((o) => toObligation(o, showHealth)),
    timeline,
    flags: flagsOf(loaded, clock, timeline),
    healthWithheld: timeline.some((t) => t.withheld === 'health_without_consent'),
    // A request carries a level and a rationale: risk data, shown as its entries are (domain.md §5).
    pendingApprovals: showHealth
      ? (loaded.state?.pendingApprovals ?? []).map((a) => {
          const entry = timeline.find((t) => t.eventId === a.eventId);
          return {
            eventId: a.eventId,
            subject: a.subject,
            level: a.level,
            rationale: a.rationale,
            requestedBy: entry?.actor ?? {
              id: a.requestedById,
              role: '',
              displayName: names.get(a.requestedById) ?? null,
            },
            requestedAt: a.requestedAt,
          };
        })
      : [],
  };
}
