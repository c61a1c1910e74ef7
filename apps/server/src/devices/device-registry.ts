import type { DeviceBreak, DeviceView, EnrolDeviceRequest } from '@custody/contracts';
import { actorOf } from '../audit/read-audit.ts';
import type { UserPrincipal } from '../authz/principal.ts';
import { conflict } from '../http/problem.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { VersionConflictError, type ReadModelRow } from '../store/index.ts';
import { accountsDb } from '../accounts/database.ts';
import { DEVICES_TABLE, devicesDb, int8, type DevicesTable } from './devices.tables.ts';

import { DEVICE_ENROLLED, DEVICE_REVOKED, deviceStream } from './device-stream.ts';

export {
  DEVICE_ENROLLED,
  DEVICE_ENTRY_RECEIVED,
  DEVICE_REVOKED,
  deviceStream,
  isDeviceStream,
} from './device-stream.ts';

export type DeviceRow = DevicesTable;

/** The row of a device as a read-model write (version and log index are the store's). */
export function deviceWrite(row: DeviceRow): ReadModelRow {
  const { version: _v, last_log_index: _l, ...values } = row;
  return { table: DEVICES_TABLE, values };
}

function numeric(row: DeviceRow): DeviceRow {
  return {
    ...row,
    enrol_log_index: row.enrol_log_index === null ? null : int8(row.enrol_log_index),
    last_seq: int8(row.last_seq),
    version: int8(row.version),
    last_log_index: int8(row.last_log_index),
  };
}

export async function findDevice(deps: CustodyDeps, deviceId: string): Promise<DeviceRow | null> {
  const row = await devicesDb(deps.database)
    .selectFrom('devices')
    .selectAll()
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row === undefined ? null : numeric(row);
}

const taken = () =>
  conflict(
    'device_already_enrolled',
    'Цей пристрій уже зареєстровано. This device id is already enrolled.',
  );

/** The row of a device just enrolled: no entry yet, not revoked. */
export function newDeviceRow(
  body: Omit<EnrolDeviceRequest, 'password'>,
  by: { readonly unitId: string; readonly userId: string; readonly at: string },
): DeviceRow {
  return {
    device_id: body.deviceId,
    unit_id: by.unitId,
    user_id: by.userId,
    name: body.name,
    algorithm: body.algorithm,
    public_key: body.publicKey,
    enrolled_at: by.at,
    enrol_log_index: null,
    revoked_at: null,
    revoked_by: null,
    last_seq: 0,
    last_hash: null,
    last_sync_at: null,
    gaps: 0,
    forks: 0,
    version: 1,
    last_log_index: 0,
  };
}

/**
 * Enrols a device: its public key becomes the first entry of the stream `device:<id>`, in the
 * log like every custody entry, with the officer who enrolled it and their unit.
 */
export async function enrolDevice(
  deps: CustodyDeps,
  principal: UserPrincipal,
  body: Omit<EnrolDeviceRequest, 'password'>,
): Promise<DeviceRow> {
  const now = deps.clock().toISOString();
  const unitId = principal.unitId ?? '';
  const row = newDeviceRow(body, { unitId, userId: principal.userId, at: now });
  const event = {
    id: deps.ids(),
    type: DEVICE_ENROLLED,
    occurredAt: now,
    recordedAt: now,
    actor: actorOf(principal),
    payload: {
      deviceId: body.deviceId,
      unitId,
      userId: principal.userId,
      name: body.name,
      algorithm: body.algorithm,
      publicKey: body.publicKey,
    },
  };
  try {
    const stream = deviceStream(body.deviceId);
    const r = await deps.store.append(stream, 0, [event], { readModels: [deviceWrite(row)] });
    const index = r.events[0]?.logIndex ?? 0;
    await devicesDb(deps.database)
      .updateTable('devices')
      .set({ enrol_log_index: index })
      .where('device_id', '=', body.deviceId)
      .execute();
    deps.live.appended();
    return { ...row, enrol_log_index: index, last_log_index: index };
  } catch (error) {
    if (error instanceof VersionConflictError) throw taken();
    throw error;
  }
}

/**
 * Revokes a device (lost, stolen, handed back): an entry of its stream. Entries it signed and the
 * server received before stay valid; from now on the server refuses its entries.
 */
export async function revokeDevice(
  deps: CustodyDeps,
  principal: UserPrincipal,
  device: DeviceRow,
  reason: string,
): Promise<DeviceRow> {
  const now = deps.clock().toISOString();
  const row: DeviceRow = { ...device, revoked_at: now, revoked_by: principal.userId };
  const event = {
    id: deps.ids(),
    type: DEVICE_REVOKED,
    occurredAt: now,
    recordedAt: now,
    actor: actorOf(principal),
    payload: { deviceId: device.device_id, reason, lastSeq: device.last_seq },
  };
  try {
    const r = await deps.store.append(deviceStream(device.device_id), device.version, [event], {
      readModels: [deviceWrite(row)],
    });
    deps.live.appended();
    const last = r.events[0];
    return {
      ...row,
      version: last?.streamVersion ?? row.version,
      last_log_index: last?.logIndex ?? 0,
    };
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw conflict(
        'version_conflict',
        'Пристрій змінився; повторіть. The device changed; retry.',
      );
    }
    throw error;
  }
}

/** What a device's received entries add to its view: how many, and those out of chain. */
export interface DeviceStats {
  readonly entries: number;
  readonly breaks: DeviceBreak[];
}

const NO_ENTRIES: DeviceStats = { entries: 0, breaks: [] };

/** The received entries of these devices: their number and their gaps and forks, by device. */
async function deviceStats(
  deps: CustodyDeps,
  deviceIds: readonly string[],
): Promise<Map<string, DeviceStats>> {
  const out = new Map<string, { entries: number; breaks: DeviceBreak[] }>();
  if (deviceIds.length === 0) return out;
  const db = devicesDb(deps.database);
  const counts = await db
    .selectFrom('device_entries')
    .select(['device_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('device_id', 'in', deviceIds)
    .groupBy('device_id')
    .execute();
  for (const c of counts) out.set(c.device_id, { entries: int8(c.n), breaks: [] });
  const breaks = await db
    .selectFrom('device_entries')
    .select(['device_id', 'entry_id', 'seq', 'chain', 'record_id', 'received_at', 'log_index'])
    .where('device_id', 'in', deviceIds)
    .where('chain', '<>', 'ok')
    .orderBy('device_id')
    .orderBy('log_index')
    .execute();
  for (const b of breaks) {
    out.get(b.device_id)?.breaks.push({
      entryId: b.entry_id,
      seq: int8(b.seq),
      chain: b.chain === 'gap' ? 'gap' : 'fork',
      recordId: b.record_id,
      receivedAt: b.received_at,
      logIndex: int8(b.log_index),
    });
  }
  return out;
}

/** Devices as a list shows them, with the names of their officers and their chain breaks. */
export async function listDevices(
  deps: CustodyDeps,
  filter: { unitId?: string; userId?: string; deviceId?: string },
): Promise<DeviceView[]> {
  let q = devicesDb(deps.database).selectFrom('devices').selectAll();
  if (filter.unitId !== undefined) q = q.where('unit_id', '=', filter.unitId);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.deviceId !== undefined) q = q.where('device_id', '=', filter.deviceId);
  const rows = (await q.orderBy('enrolled_at').orderBy('device_id').execute()).map(numeric);
  const ids = [...new Set(rows.map((r) => r.user_id))];
  const names =
    ids.length === 0
      ? new Map<string, string>()
      : new Map(
          (
            await accountsDb(deps.database)
              .selectFrom('users')
              .select(['id', 'display_name'])
              .where('id', 'in', ids)
              .execute()
          ).map((u) => [u.id, u.display_name]),
        );
  const stats = await deviceStats(
    deps,
    rows.map((r) => r.device_id),
  );
  return rows.map((r) =>
    deviceView(r, names.get(r.user_id) ?? null, stats.get(r.device_id) ?? NO_ENTRIES),
  );
}

export function deviceView(
  r: DeviceRow,
  userName: string | null,
  stats: DeviceStats = NO_ENTRIES,
): DeviceView {
  return {
    deviceId: r.device_id,
    name: r.name,
    unitId: r.unit_id,
    userId: r.user_id,
    userName,
    algorithm: r.algorithm === 'ECDSA-P256' ? 'ECDSA-P256' : 'Ed25519',
    enrolledAt: r.enrolled_at,
    enrolLogIndex: r.enrol_log_index ?? 0,
    revokedAt: r.revoked_at,
    revokeLogIndex: r.revoked_at === null ? null : r.last_log_index,
    lastSeq: r.last_seq,
    lastSyncAt: r.last_sync_at,
    gaps: r.gaps,
    forks: r.forks,
    entries: stats.entries,
    breaks: stats.breaks,
  };
}
