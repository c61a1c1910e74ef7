import type { CommandResult } from '@custody/contracts';
import {
  approverIds,
  decide,
  evolve,
  type ApproverStanding,
  type PlacementRoom,
  foldEvents,
  isLate,
  type Command,
  type CommandType,
  type CustodyEvent,
  type CustodyRecordState,
  type DomainError,
  type Role,
} from '@custody/domain';
import { findUserById } from '../accounts/users.ts';
import { actorOf } from '../audit/read-audit.ts';
import { placementFor } from './placement.ts';
import type { Principal } from '../authz/principal.ts';
import { problemMembersOf } from '../http/problem-catalogue.ts';
import { conflict, HttpProblem } from '../http/problem.ts';
import { recordUnit, summaryWrite } from '../projections/record-summary.projection.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import {
  finalFindings,
  findingsFinal,
  findingsWrite,
  unitReportLimits,
} from '../reports/stored-findings.ts';
import {
  VersionConflictError,
  type AppendOptions,
  type AppendResult,
  type NewEvent,
  type ReadModelRow,
} from '../store/index.ts';
import type { CustodyDeps } from './custody-deps.ts';
import { type LoadedRecord, type RecordCache } from './record-cache.ts';
import { recordStream } from '../streams.ts';

/** What the command path needs besides the deps: the shared cache of folded records. */
export interface CommandContext {
  readonly deps: CustodyDeps;
  readonly cache: RecordCache;
}

export interface CommandInput {
  readonly principal: Principal;
  readonly recordId: string;
  readonly unitId: string;
  readonly type: CommandType;
  readonly occurredAt: string;
  /** The stream version the caller last saw; 0 for a new record. */
  readonly expectedVersion: number;
  readonly payload: unknown;
}

/**
 * A domain refusal as problem+json 422, with the domain's stable code (domain/errors.ts) and the
 * refusal's own fields the problem catalogue lists for it as extension members (PROBLEM_MEMBERS).
 */
export function refusal(error: DomainError): HttpProblem {
  const errors =
    error.code === 'invalid_payload'
      ? error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
      : undefined;
  const fields = error as unknown as Readonly<Record<string, unknown>>;
  const members: Record<string, unknown> = {};
  for (const name of problemMembersOf(error.code)) {
    const value = fields[name];
    if (value === undefined) continue;
    members[name] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return new HttpProblem(422, error.code, error.message, {
    ...(errors ? { errors } : {}),
    ...(Object.keys(members).length > 0 ? { members } : {}),
  });
}

const versionConflict = (expected: number, actual: number) =>
  conflict(
    'version_conflict',
    `Запис змінився (версія ${actual}, очікувано ${expected}); оновіть і повторіть. The record changed (version ${actual}, expected ${expected}); reload and retry.`,
  );

function toNew(e: CustodyEvent): NewEvent {
  return { ...e, actor: { ...e.actor }, payload: e.payload };
}

/**
 * The standing now of each person the command names as approving it (domain `approverIds`):
 * an account that is an active supervisor of the record's unit, or why not (domain.md §2).
 */
async function approversOf(
  ctx: CommandContext,
  input: Pick<CommandInput, 'type' | 'payload' | 'unitId' | 'principal'>,
): Promise<Map<string, ApproverStanding>> {
  const standings = new Map<string, ApproverStanding>();
  for (const id of approverIds(input.type, input.payload, actorOf(input.principal).id)) {
    const row = await findUserById(ctx.deps.database, id);
    const standing: ApproverStanding =
      row === undefined
        ? 'unknown'
        : row.disabled !== 0
          ? 'inactive'
          : row.role !== 'supervisor'
            ? 'not_supervisor'
            : row.unit_id !== input.unitId
              ? 'other_unit'
              : 'supervisor_of_unit';
    standings.set(id, standing);
  }
  return standings;
}

function decideCommand(
  ctx: CommandContext,
  input: Pick<CommandInput, 'principal' | 'type' | 'occurredAt' | 'payload'>,
  state: CustodyRecordState | undefined,
  approvers: ReadonlyMap<string, ApproverStanding>,
  placement: PlacementRoom | undefined,
) {
  const actor = actorOf(input.principal);
  const command = { type: input.type, occurredAt: input.occurredAt, payload: input.payload };
  const result = decide(command as Command, state, {
    now: ctx.deps.clock().toISOString(),
    actor: { id: actor.id, role: actor.role as Role },
    newId: ctx.deps.ids,
    settings: ctx.deps.settings.decide,
    approvers,
    ...(placement === undefined ? {} : { placement }),
  });
  if (!result.ok) throw refusal(result.error);
  return result.events;
}

/** A delivery is to the record's own unit: another unit receives a detainee by transfer. */
function checkDeliveryUnit(input: Pick<CommandInput, 'type' | 'unitId' | 'payload'>): void {
  if (input.type !== 'RecordDelivery') return;
  const p = input.payload as { unitId?: unknown };
  if (p.unitId !== input.unitId) {
    throw new HttpProblem(
      422,
      'wrong_unit',
      'Доставлення до іншого підрозділу оформлюється передачею. Delivery is to the record’s unit.',
    );
  }
}

/**
 * The record as a fold of its log will show it once `events` are stored: an erasure folds the
 * record again without the erased payload, as every later read does. Undefined when the record
 * cannot be folded without it (its opening entry erased), which leaves its summary as it was.
 */
function stateAfter(
  loaded: LoadedRecord,
  events: readonly CustodyEvent[],
): CustodyRecordState | undefined {
  const first = events[0];
  if (first?.type !== 'PayloadErased') return events.reduce(evolve, loaded.state);
  const target = first.payload.targetEventId;
  try {
    return foldEvents([...loaded.events.filter((e) => e.id !== target), ...events]);
  } catch {
    return undefined;
  }
}

async function store(
  ctx: CommandContext,
  input: CommandInput,
  events: readonly CustodyEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  const stream = recordStream(input.recordId);
  const first = events[0];
  try {
    if (input.type === 'EraseEventPayload' && first?.type === 'PayloadErased') {
      const stored = await ctx.deps.store.readEvents(stream);
      const target = stored.find((s) => s.id === first.payload.targetEventId);
      if (target === undefined) throw new Error('erasure target vanished');
      const r = await ctx.deps.store.erasePayload(stream, target.logIndex, toNew(first), {
        ...options,
        expected: input.expectedVersion,
      });
      return { events: [r.tombstone], receipts: [r.receipt] };
    }
    return await ctx.deps.store.append(stream, input.expectedVersion, events.map(toNew), options);
  } catch (error) {
    if (error instanceof VersionConflictError) {
      throw versionConflict(input.expectedVersion, error.actual);
    }
    throw error;
  }
}

/**
 * The command path (architecture: authorize → load stream → decide → append): the caller has
 * authorized; this folds the record (or takes it folded at the stated version from the cache:
 * the append's expected version is checked by the store under its lock, so a record changed
 * through another process meanwhile conflicts), checks the stated version, lets the pure domain decide with
 * the server clock, the principal as actor and fresh ids, and appends with optimistic
 * concurrency. The record's summary (lists, whiteboard, the record route's lookup) is written by
 * the event store in the same transaction as the events (docs/ARCHITECTURE.md, "Read models in
 * the write transaction"), so no crash can leave one without the other; the live bus is told to
 * read on after the commit. Nothing is stored on any refusal.
 */
export async function executeCommand(
  ctx: CommandContext,
  input: CommandInput,
): Promise<CommandResult> {
  const approvers = await approversOf(ctx, input);
  const placement = await placementFor(
    ctx.deps.database,
    ctx.cache,
    input.type,
    input.payload,
    input.unitId,
  );
  const loaded = await ctx.cache.forCommand(input.recordId, input.expectedVersion);
  if (loaded.version !== input.expectedVersion) {
    throw versionConflict(input.expectedVersion, loaded.version);
  }
  checkDeliveryUnit(input);
  const events = decideCommand(ctx, input, loaded.state, approvers, placement);
  const after = stateAfter(loaded, events);
  const readModels =
    after === undefined
      ? []
      : [
          summaryWrite(after, input.unitId),
          ...(events[0]?.type === 'PayloadErased'
            ? []
            : await findingsRows(
                ctx,
                input.recordId,
                input.unitId,
                [...loaded.events, ...events],
                after,
              )),
        ];
  let appended: AppendResult;
  try {
    appended = await store(ctx, input, events, { readModels });
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 409) ctx.cache.forget(input.recordId);
    throw error;
  }
  return answer(ctx, input.recordId, loaded, appended);
}

/**
 * The record's compliance findings once they are final (its custody ended), written with its
 * summary so that the report reads them instead of folding the record (reports/stored-findings.ts),
 * and with them its clock as the record list shows it (records/list-clocks.ts).
 * An erasure writes none: the report then folds the record as the log now holds it.
 */
async function findingsRows(
  ctx: CommandContext,
  recordId: string,
  fallbackUnitId: string,
  events: readonly CustodyEvent[],
  state: CustodyRecordState,
): Promise<ReadModelRow[]> {
  if (!findingsFinal(state)) return [];
  // The limits of the record's unit, as the report applies them (the unit's clock policy).
  const unitId = recordUnit(state, fallbackUnitId);
  const limits = unitReportLimits(ctx.deps.settings, await unitClockSettings(ctx.deps, unitId));
  const final = await finalFindings(
    ctx.deps.database,
    recordId,
    events,
    state,
    limits,
    ctx.deps.clock().toISOString(),
  );
  return final === null ? [] : [findingsWrite(unitId, limits, final)];
}

/** The answer of a stored append: the record's new version, its entries and their receipts. */
function answer(
  ctx: CommandContext,
  recordId: string,
  loaded: LoadedRecord,
  appended: AppendResult,
): CommandResult {
  const { events: stored, receipts } = appended;
  ctx.cache.appended(recordId, loaded, stored);
  const last = stored.at(-1);
  ctx.deps.live.appended(last === undefined ? undefined : last.logIndex + 1);
  const limit = ctx.deps.settings.decide.lateEntryMinutes;
  return {
    recordId,
    version: stored[stored.length - 1]?.streamVersion ?? loaded.version,
    events: stored.map((e) => ({
      eventId: e.id,
      type: e.type,
      logIndex: e.logIndex,
      late: isLate(e, limit),
    })),
    receipts,
  };
}

/** One command of a batch. */
export interface BatchItemInput {
  readonly type: CommandType;
  readonly occurredAt: string;
  readonly payload: unknown;
}

export interface BatchInput {
  readonly principal: Principal;
  readonly recordId: string;
  readonly unitId: string;
  /** The stream version the caller last saw, for the whole batch. */
  readonly expectedVersion: number;
  readonly items: readonly BatchItemInput[];
  /**
   * Authorizes one item on the record as the items before it left it (`state`); throws the
   * refusal. The same checks as the item's own route.
   */
  readonly authorizeItem: (
    item: BatchItemInput,
    state: CustodyRecordState | undefined,
  ) => Promise<void>;
}

/**
 * A refusal of item `index` of a batch: the same problem, naming the item and its command. A 404
 * stays as it is: it must not tell a record the caller may not see from one that does not exist.
 */
function atItem(error: unknown, index: number, type: CommandType): unknown {
  if (!(error instanceof HttpProblem) || error.status === 404) return error;
  const members = { ...error.extra.members, item: index, command: type };
  const detail = `${error.detail} (batch item ${String(index)}, ${type})`;
  return new HttpProblem(error.status, error.code, detail, { ...error.extra, members });
}

/**
 * Several commands of one record stored together or not at all (issue 20, "Batches"): checked
 * against the one expected version, then each authorized and decided by the domain on the state
 * the items before it left (as if sent one after another, with the server clock of this
 * request), and all their events appended in one append: one transaction, consecutive stream
 * versions and log indices, one checkpoint. A refusal of any item stores nothing and names the
 * item (`item`, `command`).
 */
export async function executeBatch(ctx: CommandContext, input: BatchInput): Promise<CommandResult> {
  const loaded = await ctx.cache.forCommand(input.recordId, input.expectedVersion);
  // Authorized before the version is compared, as a command's own route is.
  for (const [index, item] of input.items.entries()) {
    await input.authorizeItem(item, loaded.state).catch((error: unknown) => {
      throw atItem(error, index, item.type);
    });
  }
  if (loaded.version !== input.expectedVersion) {
    throw versionConflict(input.expectedVersion, loaded.version);
  }
  let state = loaded.state;
  const events: CustodyEvent[] = [];
  for (const [index, item] of input.items.entries()) {
    try {
      await input.authorizeItem(item, state);
      const command = { ...item, principal: input.principal, unitId: input.unitId };
      checkDeliveryUnit(command);
      const placement = await placementFor(
        ctx.deps.database,
        ctx.cache,
        command.type,
        command.payload,
        input.unitId,
      );
      const decided = decideCommand(
        ctx,
        command,
        state,
        await approversOf(ctx, command),
        placement,
      );
      state = decided.reduce(evolve, state);
      events.push(...decided);
    } catch (error) {
      throw atItem(error, index, item.type);
    }
  }
  const readModels =
    state === undefined
      ? []
      : [
          summaryWrite(state, input.unitId),
          ...(await findingsRows(
            ctx,
            input.recordId,
            input.unitId,
            [...loaded.events, ...events],
            state,
          )),
        ];
  let appended: AppendResult;
  try {
    appended = await ctx.deps.store.append(
      recordStream(input.recordId),
      input.expectedVersion,
      events.map(toNew),
      { readModels },
    );
  } catch (error) {
    if (error instanceof VersionConflictError) {
      ctx.cache.forget(input.recordId);
      throw versionConflict(input.expectedVersion, error.actual);
    }
    throw error;
  }
  return answer(ctx, input.recordId, loaded, appended);
}
