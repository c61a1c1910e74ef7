import { isEventType, HEALTH_AND_RISK_EVENT_TYPES } from '@custody/domain';
import type { Database } from '../db/database.ts';
import { storeDb } from '../store/transaction.ts';

/** Event types whose payload may name a file by its SHA-256. */
const REFERRING_TYPES = ['AttachmentAdded', 'InjuriesRecorded', 'DetentionRecorded'];

/** One custody record that names a file, and what its entries say about it. */
export interface FileReference {
  readonly recordId: string;
  /** Named only by health or risk entries: readable with `record.read_health` (domain.md §5). */
  readonly healthOnly: boolean;
  /** The media type an AttachmentAdded entry gave, when one did. */
  readonly mediaType: string | null;
}

function mediaTypeOf(payload: string): string | null {
  const parsed = JSON.parse(payload) as { mediaType?: unknown };
  return typeof parsed.mediaType === 'string' ? parsed.mediaType : null;
}

/**
 * The custody records whose entries name the file `sha256` (AttachmentAdded, injury photos, the
 * photo of an unidentified person). Erased payloads name nothing any more.
 */
export async function fileReferences(database: Database, sha256: string): Promise<FileReference[]> {
  const rows = await storeDb(database)
    .selectFrom('log_leaves as l')
    .innerJoin('log_payloads as p', 'p.log_index', 'l.log_index')
    .select(['l.stream_id', 'l.event_type', 'p.payload'])
    .where('l.event_type', 'in', REFERRING_TYPES)
    .where('p.payload', 'like', `%${sha256}%`)
    .execute();
  const byRecord = new Map<string, { healthOnly: boolean; mediaType: string | null }>();
  for (const r of rows) {
    const health = isEventType(r.event_type) && HEALTH_AND_RISK_EVENT_TYPES.has(r.event_type);
    const mediaType = r.event_type === 'AttachmentAdded' ? mediaTypeOf(r.payload) : null;
    const prev = byRecord.get(r.stream_id);
    byRecord.set(r.stream_id, {
      healthOnly: (prev?.healthOnly ?? true) && health,
      mediaType: prev?.mediaType ?? mediaType,
    });
  }
  return [...byRecord.entries()].map(([recordId, v]) => ({ recordId, ...v }));
}
