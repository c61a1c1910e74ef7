import type { DeviceMark } from '../../devices/device-stamps.ts';
import {
  foldEvents,
  isEventType,
  parsePayload,
  type CustodyEvent,
  type CustodyRecordState,
  type EventOf,
  type EventType,
} from '@custody/domain';
import type { ExtractBundle } from '../extract-format.ts';

/** An event as the store returns it; `payload` is null when erased or withheld. */
export interface DocumentEvent {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  payload: unknown;
  /** Set when the payload is withheld from the reader as health or risk data (domain.md §5). */
  withheld?: 'health_without_consent';
  logIndex?: number;
  streamVersion?: number;
  leafHash?: string;
}

/** A deadline of the legal clock, as the domain's obligations report it. */
export interface DocumentObligation {
  id: string;
  dueAt: string | null;
  status: 'upcoming' | 'warning' | 'overdue' | 'met' | 'not_applicable';
  metAt?: string;
  metLate?: boolean;
  explanation: { uk: string; en: string };
  /** The final outcome once custody has ended (domain.md §4): printed instead of the status. */
  outcome?: { kind: string; text: { uk: string; en: string } };
}

export interface DocumentInput {
  recordId: string;
  events: readonly DocumentEvent[];
  /** The record's deadlines, most urgent first (the domain's ranking, severity.ts). */
  obligations?: readonly DocumentObligation[];
  /** The id of the record's most urgent open deadline (none once custody has ended). */
  mostUrgentId?: string;
  locale: 'uk' | 'en';
  /** The record's unit; `id` lets payloads that name it (delivery) print its name. */
  unit: { id?: string; name: string; code: string; timeZone: string };
  /** Display name of a user or officer id; the id itself is shown when it returns undefined. */
  people: (id: string) => string | undefined;
  /** ISO-8601 instant the document is generated at, passed in (no clock inside). */
  generatedAt: string;
  /** The verifiable extract bundle; the record extract prints its verification data. */
  verification?: ExtractBundle;
  /**
   * Entries made on a tablet (issue 19), by event id: the tablet's clock, the offset, the
   * corrected time, the receive time and the late mark judged on the corrected time.
   */
  device?: ReadonlyMap<string, DeviceMark>;
}

/** The record as documents read it: typed events with corrections applied, and the folded state. */
export interface RecordView {
  state: CustodyRecordState | undefined;
  events: readonly CustodyEvent[];
  of<T extends EventType>(type: T): EventOf<T>[];
}

function toCustodyEvent(e: DocumentEvent): CustodyEvent | null {
  if (e.payload === null || !isEventType(e.type)) return null;
  const parsed = parsePayload(e.type, e.payload);
  if (!parsed.success) return null;
  return { ...e, type: e.type, payload: parsed.data } as CustodyEvent;
}

/**
 * Folds the record's events with the domain's `foldEvents` (domain.md §3: corrections replace
 * their targets, nothing is deleted). Erased, withheld or unreadable payloads are left out of the
 * fold; the extract still lists them from the raw events.
 */
export function viewRecord(events: readonly DocumentEvent[]): RecordView {
  const typed = events.map(toCustodyEvent).filter((e): e is CustodyEvent => e !== null);
  let state: CustodyRecordState | undefined;
  try {
    state = foldEvents(typed);
  } catch {
    state = undefined;
  }
  const folded = state?.events ?? typed;
  return {
    state,
    events: folded,
    of: <T extends EventType>(type: T) => folded.filter((e): e is EventOf<T> => e.type === type),
  };
}
