import type { RecordSummariesTable } from './record-summaries.table.ts';

/**
 * A summary row as the record's projection writes one for an adult held in custody of whom
 * nothing else is known; `over` gives what a test is about (the record, its unit, names, versions).
 */
export function summaryRow(
  over: Pick<RecordSummariesTable, 'record_id'> & Partial<RecordSummariesTable>,
): RecordSummariesTable & { last_log_index: number } {
  return {
    unit_id: 'unit-1',
    status: 'in_custody',
    person_name: 'Особа',
    search_key: 'особа',
    juvenile: 0,
    foreigner: 0,
    custody_number: null,
    profile: 'ua_criminal_208',
    t0: '2025-01-01T00:00:00.000Z',
    delivered_at: null,
    ended_at: null,
    location: null,
    observation_level: null,
    consent_lawyer: 0,
    consent_monitor: 0,
    involved_ids: '[]',
    version: 1,
    ...over,
    last_log_index: Number(over.last_log_index ?? 0),
  };
}
