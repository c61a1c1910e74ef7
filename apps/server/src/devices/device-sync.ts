import type {
  DeviceAlgorithm,
  DeviceChain,
  DeviceEntryBody,
  DeviceEntryResult,
  SignedDeviceEntry,
} from '@custody/contracts';
import { actorOf } from '../audit/read-audit.ts';
import type { Action } from '../authz/actions.ts';
import type { UserPrincipal } from '../authz/principal.ts';
import { conflict, forbidden, HttpProblem } from '../http/problem.ts';
import { findSummary } from '../projections/record-summary.projection.ts';
import { COMMAND_ACTIONS } from '../records/command-actions.ts';
import { executeCommand, type CommandContext } from '../records/command-handler.ts';
import { allowed, recordResource } from '../records/record-access.ts';
import { VersionConflictError } from '../store/index.ts';
import {
  DEVICE_ENTRY_RECEIVED,
  deviceStream,
  deviceWrite,
  findDevice,
  type DeviceRow,
} from './device-registry.ts';
import {
  devicePublicKey,
  entryHash,
  parseSignedEntry,
  verifyDeviceSignature,
} from './device-signature.ts';
import {
  DEVICE_ENTRIES_TABLE,
  devicesDb,
  int8,
  type DeviceEntriesTable,
} from './devices.tables.ts';

/** One entry that passed the checks that refuse a whole request. */
interface Checked {
  readonly signed: SignedDeviceEntry;
  readonly body: DeviceEntryBody;
  readonly hash: string;
}

const invalidEntry = (i: number, reason: string) =>
  new HttpProblem(
    422,
    'invalid_device_entry',
    `Запис ${String(i + 1)} пристрою недійсний (${reason}). Device entry ${String(i + 1)} is invalid: ${reason}.`,
  );

/** Why a device may not sync: unknown or elsewhere (404), revoked or someone else's (403). */
function checkDevice(device: DeviceRow | null, p: UserPrincipal): DeviceRow {
  if (device === null || device.unit_id !== p.unitId) {
    throw new HttpProblem(404, 'not_found', 'Пристрій не знайдено. No such device.');
  }
  if (device.revoked_at !== null) {
    throw forbidden(
      'device_revoked',
      `Пристрій відкликано ${device.revoked_at}; записи з нього не приймаються. The device was revoked at ${device.revoked_at}; its entries are refused.`,
    );
  }
  return device;
}

/**
 * Checks that refuse the whole request, so that nothing is stored: each entry is the canonical
 * JSON of a valid entry of this device and this user, signed by the device's enrolled key, and
 * an entry id already received names the same bytes.
 */
async function checkAll(
  deps: CommandContext['deps'],
  device: DeviceRow,
  p: UserPrincipal,
  entries: readonly SignedDeviceEntry[],
): Promise<Checked[]> {
  const algorithm = device.algorithm as DeviceAlgorithm;
  const key = devicePublicKey(algorithm, device.public_key);
  if (key === null) throw new Error(`device ${device.device_id}: stored key unusable`);
  const out: Checked[] = [];
  for (const [i, signed] of entries.entries()) {
    const parsed = parseSignedEntry(signed.signed);
    if (!parsed.ok) throw invalidEntry(i, parsed.reason);
    const body = parsed.body;
    if (body.deviceId !== device.device_id) throw invalidEntry(i, 'another device');
    if (body.actorId !== p.userId) throw invalidEntry(i, 'made by another user');
    const bytes = Buffer.from(signed.signed, 'utf8');
    const sig = Buffer.from(signed.signature, 'base64');
    if (!verifyDeviceSignature(algorithm, key, bytes, sig)) {
      throw new HttpProblem(
        422,
        'bad_device_signature',
        `Підпис запису ${String(i + 1)} не збігається з ключем пристрою. Entry ${String(i + 1)}: the signature does not match the device key.`,
      );
    }
    const hash = entryHash(signed.signed);
    const known = await findEntry(deps, body.entryId);
    if (known !== null && known.entry_hash !== hash) {
      throw conflict(
        'device_entry_conflict',
        `Запис ${body.entryId} уже отримано з іншим змістом. Entry ${body.entryId} was received with other content.`,
      );
    }
    out.push({ signed, body, hash });
  }
  return out;
}

async function findEntry(
  deps: CommandContext['deps'],
  entryId: string,
): Promise<DeviceEntriesTable | null> {
  const row = await devicesDb(deps.database)
    .selectFrom('device_entries')
    .selectAll()
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return row ?? null;
}

/** The answer first given for an entry, from its row. */
export function resultOf(row: DeviceEntriesTable): DeviceEntryResult {
  return {
    entryId: row.entry_id,
    seq: int8(row.seq),
    status: row.status === 'accepted' ? 'accepted' : 'refused',
    chain: row.chain as DeviceChain,
    logIndex: int8(row.log_index),
    receivedAt: row.received_at,
    recordId: row.record_id,
    recordLogIndexes: JSON.parse(row.record_log_indexes) as number[],
    late: row.late !== 0,
    problem:
      row.problem === null ? null : (JSON.parse(row.problem) as { code: string; detail: string }),
  };
}

/**
 * Where the entry stands in the device's chain (issue 19): next in order when its sequence number
 * follows the last one received and its previous hash is that entry's; a gap when numbers are
 * missing before it; a fork when it contradicts what was received (a reused number or another
 * previous hash). It is stored either way, and flagged.
 */
export function chainOf(
  tip: { readonly seq: number; readonly hash: string | null },
  body: Pick<DeviceEntryBody, 'seq' | 'prevHash'>,
): DeviceChain {
  if (body.seq <= tip.seq) return 'fork';
  if (body.seq > tip.seq + 1) return 'gap';
  return body.prevHash === tip.hash ? 'ok' : 'fork';
}

/**
 * Late is judged against when the device saved the entry, on the server's clock as well as the
 * offset measured allows (device time + offset), not against when a signal let it arrive.
 */
export function isLateOnDevice(body: DeviceEntryBody, lateEntryMinutes: number): boolean {
  const corrected = Date.parse(body.deviceTime) + (body.offsetMs ?? 0);
  return corrected - Date.parse(body.command.occurredAt) > lateEntryMinutes * 60_000;
}

/** Ids for the domain's new events: the entry id first, so a retry after a crash finds it. */
function idsFrom(entryId: string, next: () => string): () => string {
  let first = true;
  return () => {
    if (!first) return next();
    first = false;
    return entryId;
  };
}

interface Applied {
  readonly eventIds: string[];
  readonly logIndexes: number[];
  readonly problem: { code: string; detail: string } | null;
}

/**
 * The record events an earlier attempt stored for this entry, when a crash came between them and
 * the device leaf (the retry then logs only the leaf): the event that took the entry id and the
 * ones appended with it, which follow it in the stream with its time and actor (one append).
 */
async function existingEvents(ctx: CommandContext, recordId: string, entryId: string) {
  const stored = await ctx.deps.store.readEvents(recordId);
  const at = stored.findIndex((e) => e.id === entryId);
  const first = stored[at];
  if (first === undefined) return null;
  let end = at + 1;
  while (stored[end]?.recordedAt === first.recordedAt && stored[end]?.actor.id === first.actor.id) {
    end += 1;
  }
  return stored.slice(at, end);
}

async function authorizeEntry(
  ctx: CommandContext,
  p: UserPrincipal,
  body: DeviceEntryBody,
): Promise<{ unitId: string } | { code: string; detail: string }> {
  const { type, recordId } = body.command;
  const action: Action = COMMAND_ACTIONS[type];
  if (type === 'RecordDetention') {
    const unitId = p.unitId ?? '';
    const resource = {
      kind: 'record' as const,
      recordId,
      unitId,
      involvedInvestigatorIds: [],
      healthConsent: false,
    };
    return (await allowed(ctx.deps, p, action, resource))
      ? { unitId }
      : { code: 'forbidden', detail: `needs ${action}` };
  }
  const row = await findSummary(ctx.deps.database, recordId);
  if (row === undefined) return { code: 'not_found', detail: 'no such record' };
  return (await allowed(ctx.deps, p, action, recordResource(row, p)))
    ? { unitId: row.unit_id }
    : { code: 'forbidden', detail: `needs ${action}` };
}

/**
 * The record's entries made from a device entry, through the same command path as the screens
 * (authorize → decide → append); a refusal is kept as the entry's answer. The first new event
 * takes the entry id, so an entry whose record events were stored before a crash is not applied
 * twice.
 */
async function apply(
  ctx: CommandContext,
  p: UserPrincipal,
  body: DeviceEntryBody,
): Promise<Applied> {
  const { type, recordId, occurredAt, payload } = body.command;
  const done = await existingEvents(ctx, recordId, body.entryId);
  if (done !== null) {
    return {
      eventIds: done.map((e) => e.id),
      logIndexes: done.map((e) => e.logIndex),
      problem: null,
    };
  }
  const auth = await authorizeEntry(ctx, p, body);
  if ('code' in auth) return { eventIds: [], logIndexes: [], problem: auth };
  const deps = { ...ctx.deps, ids: idsFrom(body.entryId, ctx.deps.ids) };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const version = (await ctx.cache.get(recordId)).version;
      const result = await executeCommand(
        { deps, cache: ctx.cache },
        {
          principal: p,
          recordId,
          unitId: auth.unitId,
          type,
          occurredAt,
          expectedVersion: type === 'RecordDetention' ? 0 : version,
          payload:
            type === 'RecordDetention'
              ? { ...payload, recordId, ...(auth.unitId === '' ? {} : { unitId: auth.unitId }) }
              : payload,
        },
      );
      return {
        eventIds: result.events.map((e) => e.eventId),
        logIndexes: result.events.map((e) => e.logIndex),
        problem: null,
      };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      if (error.code === 'version_conflict' && type !== 'RecordDetention' && attempt < 3) continue;
      return { eventIds: [], logIndexes: [], problem: { code: error.code, detail: error.message } };
    }
  }
}

/** One entry: judged against the chain, applied to its record, then its signed bytes logged. */
async function receive(
  ctx: CommandContext,
  p: UserPrincipal,
  device: DeviceRow,
  entry: Checked,
): Promise<{ device: DeviceRow; result: DeviceEntryResult }> {
  const known = await findEntry(ctx.deps, entry.body.entryId);
  if (known !== null) return { device, result: resultOf(known) };
  const { body, hash } = entry;
  const chain = chainOf({ seq: device.last_seq, hash: device.last_hash }, body);
  const applied = await apply(ctx, p, body);
  const receivedAt = ctx.deps.clock().toISOString();
  const late = isLateOnDevice(body, ctx.deps.settings.decide.lateEntryMinutes);
  const status = applied.problem === null ? 'accepted' : 'refused';
  const ahead = body.seq > device.last_seq;
  const next: DeviceRow = {
    ...device,
    last_seq: ahead ? body.seq : device.last_seq,
    last_hash: ahead ? hash : device.last_hash,
    last_sync_at: receivedAt,
    gaps: device.gaps + (chain === 'gap' ? 1 : 0),
    forks: device.forks + (chain === 'fork' ? 1 : 0),
  };
  const row: Omit<DeviceEntriesTable, 'version' | 'log_index'> = {
    entry_id: body.entryId,
    device_id: device.device_id,
    seq: body.seq,
    entry_hash: hash,
    record_id: body.command.recordId,
    status,
    chain,
    device_time: body.deviceTime,
    offset_ms: body.offsetMs,
    received_at: receivedAt,
    late: late ? 1 : 0,
    record_event_ids: JSON.stringify(applied.eventIds),
    record_log_indexes: JSON.stringify(applied.logIndexes),
    problem: applied.problem === null ? null : JSON.stringify(applied.problem),
  };
  const event = {
    id: ctx.deps.ids(),
    type: DEVICE_ENTRY_RECEIVED,
    occurredAt: body.deviceTime,
    recordedAt: receivedAt,
    actor: actorOf(p),
    payload: {
      entryId: body.entryId,
      seq: body.seq,
      signed: entry.signed.signed,
      signature: entry.signed.signature,
      algorithm: device.algorithm,
      entryHash: hash,
      chain,
      receivedAt,
      status,
      recordId: body.command.recordId,
      recordEventIds: applied.eventIds,
      recordLogIndexes: applied.logIndexes,
      problem: applied.problem,
    },
  };
  try {
    const r = await ctx.deps.store.append(deviceStream(device.device_id), device.version, [event], {
      readModels: [deviceWrite(next), { table: DEVICE_ENTRIES_TABLE, values: row }],
    });
    const stored = r.events[0];
    const logIndex = stored?.logIndex ?? 0;
    const version = stored?.streamVersion ?? device.version + 1;
    ctx.deps.live.appended();
    return {
      device: { ...next, version, last_log_index: logIndex },
      result: resultOf({ ...row, version, log_index: logIndex }),
    };
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw conflict(
        'version_conflict',
        'Пристрій синхронізується в іншому запиті; повторіть. The device is syncing in another request; retry.',
      );
    }
    throw error;
  }
}

/** One sync at a time per device in this process; other processes meet the stream's version. */
const running = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = running.get(key) ?? Promise.resolve();
  const next = before.then(fn, fn);
  const tail = next.catch(() => undefined);
  running.set(key, tail);
  void tail.then(() => {
    if (running.get(key) === tail) running.delete(key);
  });
  return next;
}

/**
 * Receives a batch of a device's signed entries in device order (issue 19 "Sync"): refuses the
 * whole batch (storing nothing) for an unknown, revoked or foreign device, a bad signature or a
 * non-canonical entry; otherwise each entry gets the log index of its device leaf (which keeps the
 * signed bytes), its record's entries, the receive time, its place in the chain and its late
 * mark. An entry already received answers with its first answer (idempotent by entry id).
 */
export function syncDevice(
  ctx: CommandContext,
  p: UserPrincipal,
  deviceId: string,
  entries: readonly SignedDeviceEntry[],
): Promise<DeviceEntryResult[]> {
  return serialised(deviceId, async () => {
    let device = checkDevice(await findDevice(ctx.deps, deviceId), p);
    const checked = await checkAll(ctx.deps, device, p, entries);
    const results: DeviceEntryResult[] = [];
    for (const entry of checked) {
      const r = await receive(ctx, p, device, entry);
      device = r.device;
      results.push(r.result);
    }
    return results;
  });
}
