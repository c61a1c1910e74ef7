import type { DeviceChain, DeviceStamp, RecordView } from '@custody/contracts';
import type { Database } from '../db/database.ts';
import { devicesDb, int8 } from './devices.tables.ts';

/** A record entry made on a device: what the record shows of it, and its late mark. */
export interface DeviceMark {
  readonly stamp: DeviceStamp;
  readonly late: boolean;
}

/** The device stamps of a record's entries, by event id (accepted device entries only). */
export async function deviceStamps(
  database: Database,
  recordId: string,
): Promise<Map<string, DeviceMark>> {
  return (await recordsDeviceStamps(database, [recordId])).get(recordId) ?? new Map();
}

/**
 * {@link deviceStamps} of several records in one query: by record id, those with any accepted
 * device entry (the compliance counts fold every record in custody at each request).
 */
export async function recordsDeviceStamps(
  database: Database,
  recordIds: readonly string[],
): Promise<Map<string, Map<string, DeviceMark>>> {
  const out = new Map<string, Map<string, DeviceMark>>();
  if (recordIds.length === 0) return out;
  const rows = await devicesDb(database)
    .selectFrom('device_entries')
    .selectAll()
    .where('record_id', 'in', [...recordIds])
    .where('status', '=', 'accepted')
    .execute();
  for (const r of rows) {
    const offset = r.offset_ms === null ? null : int8(r.offset_ms);
    const stamp: DeviceStamp = {
      deviceId: r.device_id,
      seq: int8(r.seq),
      deviceTime: r.device_time,
      offsetMs: offset,
      correctedTime: new Date(Date.parse(r.device_time) + (offset ?? 0)).toISOString(),
      receivedAt: r.received_at,
      chain: r.chain as DeviceChain,
      deviceLogIndex: int8(r.log_index),
    };
    let marks = out.get(r.record_id);
    if (marks === undefined) {
      marks = new Map();
      out.set(r.record_id, marks);
    }
    for (const id of JSON.parse(r.record_event_ids) as string[]) {
      marks.set(id, { stamp, late: r.late !== 0 });
    }
  }
  return out;
}

/**
 * The record view with its device entries marked: each shows the device time, the offset and the
 * receive time, and is late only when the device saved it late (device time corrected by the
 * offset), not because the signal came back late; chain breaks are counted in the flags.
 */
export function withDeviceStamps<V extends Pick<RecordView, 'timeline' | 'flags'>>(
  view: V,
  marks: ReadonlyMap<string, DeviceMark>,
): V {
  if (marks.size === 0) return view;
  const timeline = view.timeline.map((t) => {
    const mark = marks.get(t.eventId);
    return mark === undefined ? t : { ...t, late: mark.late, device: mark.stamp };
  });
  const breaks = new Set(
    [...marks.values()].filter((m) => m.stamp.chain !== 'ok').map((m) => m.stamp.seq),
  );
  return {
    ...view,
    timeline,
    flags: {
      ...view.flags,
      lateEntries: timeline.filter((t) => t.late).length,
      deviceChainBreaks: breaks.size,
    },
  };
}
