import type { z } from 'zod';
import { COMMAND_EVENT, commandSchemas } from './commands.ts';
import type { Command, CommandType, ValidCommandPayload } from './commands.ts';
import type { DecideContext } from './decide.context.ts';
import { placementCheck, rules } from './decide.rules.ts';
import type { RuleInput } from './decide.context.ts';
import type { CustodyEvent } from './envelope.ts';
import { invalidPayload } from './errors.ts';
import type { DomainError } from './errors.ts';
import type { EventType } from './events.ts';
import { DATE_TIME_HINT, normaliseDateTime } from './payloads/date-time.ts';
import { isClosed } from './state.ts';
import type { CustodyRecordState } from './state.ts';

export type DecideResult =
  | { readonly ok: true; readonly events: CustodyEvent[] }
  | { readonly ok: false; readonly error: DomainError };

/** Entries still accepted once a record is closed by release or transfer (domain.md §3.13). */
export const ACCEPTED_AFTER_CLOSE: ReadonlySet<EventType> = new Set<EventType>([
  'EntryCorrected',
  'AttachmentAdded',
  'CameraBookmarked',
  'DocumentHandedOver',
  'PayloadErased',
]);

const refuse = (error: DomainError): DecideResult => ({ ok: false, error });

function checkRecord(command: Command, state: CustodyRecordState | undefined) {
  if (command.type === 'RecordDetention') {
    if (state === undefined) return undefined;
    return {
      code: 'record_exists',
      recordId: state.recordId,
      message: `record ${state.recordId} already exists`,
    } as const;
  }
  if (state === undefined) {
    return { code: 'record_not_found', message: 'no detention has been recorded' } as const;
  }
  if (isClosed(state) && !ACCEPTED_AFTER_CLOSE.has(COMMAND_EVENT[command.type])) {
    return {
      code: 'record_closed',
      status: state.status as 'released' | 'transferred',
      message: `the record is ${state.status}; only corrections, attachments, bookmarks, documents and erasures are accepted`,
    } as const;
  }
  return undefined;
}

/** Occurred-at is neither in the future beyond the skew nor before the actual detention (КПК ст. 209). */
function checkTime(command: Command, state: CustodyRecordState | undefined, ctx: DecideContext) {
  const at = command.occurredAt;
  if (Date.parse(at) > Date.parse(ctx.now) + ctx.settings.futureSkewSeconds * 1000) {
    return {
      code: 'future_occurred_at',
      occurredAt: at,
      now: ctx.now,
      message: `occurredAt ${at} is in the future of the server clock ${ctx.now}`,
    } as const;
  }
  if (state !== undefined && Date.parse(at) < Date.parse(state.t0)) {
    const code =
      command.type === 'RecordDelivery' ? 'delivery_before_detention' : 'occurred_before_detention';
    return {
      code,
      occurredAt: at,
      t0: state.t0,
      message: `occurredAt ${at} precedes the actual detention at ${state.t0}`,
    } as const;
  }
  return undefined;
}

/** Release and transfer state their legal ground (domain.md §3.13). */
function checkGround(command: Command) {
  if (command.type !== 'ReleaseDetainee' && command.type !== 'TransferDetainee') return undefined;
  const payload: unknown = command.payload;
  const ground =
    typeof payload === 'object' && payload !== null && 'ground' in payload
      ? payload.ground
      : undefined;
  if (typeof ground === 'string' && ground.trim() !== '') return undefined;
  return {
    code: 'ground_required',
    message: 'release and transfer state their legal ground',
  } as const;
}

type AnyRule = (input: RuleInput<CommandType>) => DomainError | undefined;
const ruleTable = rules as Partial<Record<CommandType, AnyRule>>;

function checkRules(type: CommandType, input: RuleInput<CommandType>) {
  return ruleTable[type]?.(input);
}

/** The payloads of the events a valid command produces. */
function payloadsOf(
  command: Command,
  payload: ValidCommandPayload,
  state: CustodyRecordState | undefined,
  ctx: DecideContext,
): unknown[] {
  if (command.type === 'RecordForceUsed') {
    return (payload as ValidCommandPayload<'RecordForceUsed'>).uses;
  }
  if (command.type === 'StartContact') {
    return [flagContact(payload as ValidCommandPayload<'StartContact'>, state, ctx)];
  }
  if (command.type === 'DecideApproval' && state !== undefined) {
    const d = payload as ValidCommandPayload<'DecideApproval'>;
    const request = state.pendingApprovals.find((a) => a.eventId === d.requestEventId);
    if (request !== undefined) return [{ ...d, subject: request.subject, level: request.level }];
  }
  if (command.type === 'SetObservationLevel' && state !== undefined) {
    // A request still pending is superseded by this entry (one at a time: RequestApproval).
    const pending = state.pendingApprovals[0];
    if (pending !== undefined) return [{ ...payload, supersedesRequestEventId: pending.eventId }];
  }
  if (command.type === 'MoveDetainee' && state !== undefined) {
    const move = payload as ValidCommandPayload<'MoveDetainee'>;
    const breaches = placementCheck(state, ctx, move.to);
    return [breaches.length === 0 ? move : { ...move, placementBreaches: breaches }];
  }
  return [payload];
}

/**
 * A contact by a person whose role does not allow it is recorded and flagged, never refused; the
 * responsible official may authorise it (КПК ст. 212: decides who may have contact).
 */
function flagContact(
  p: ValidCommandPayload<'StartContact'>,
  state: CustodyRecordState | undefined,
  ctx: DecideContext,
) {
  const allowedRole = ctx.settings.contactRolesAllowed.includes(p.role);
  const authorised =
    p.authorisedById !== undefined && p.authorisedById === state?.responsibleOfficialId;
  if (allowedRole || authorised) return { ...p, flagged: false };
  return {
    ...p,
    flagged: true,
    flagReason: `role ${p.role} does not allow contact without the responsible official's authorisation`,
  };
}

/**
 * Decides what a command means for a record: the events to append, or the rule it breaks.
 * Pure: time, actor and ids come from `ctx`. Authorization by role is the caller's job.
 * `occurredAt` may carry any RFC 3339 offset: the events keep the UTC instant as `occurredAt`
 * and the offset as given as `occurredOffset` (absent for 'Z').
 */
export function decide(
  given: Command,
  state: CustodyRecordState | undefined,
  ctx: DecideContext,
): DecideResult {
  const time = normaliseDateTime(given.occurredAt);
  if (time === undefined) {
    const issue = { code: 'custom', path: [], message: DATE_TIME_HINT, input: given.occurredAt };
    return refuse(invalidPayload([issue as z.core.$ZodIssue], ['occurredAt']));
  }
  const command = { ...given, occurredAt: time.instant } as Command;
  const early =
    checkRecord(command, state) ?? checkTime(command, state, ctx) ?? checkGround(command);
  if (early !== undefined) return refuse(early);
  const schema: z.ZodType<ValidCommandPayload> = commandSchemas[command.type];
  const parsed = schema.safeParse(command.payload);
  if (!parsed.success) return refuse(invalidPayload(parsed.error.issues, ['payload']));
  if (state !== undefined) {
    const input = { payload: parsed.data, occurredAt: command.occurredAt, state, ctx };
    const broken = checkRules(command.type, input);
    if (broken !== undefined) return refuse(broken);
  }
  const type = COMMAND_EVENT[command.type];
  const events = payloadsOf(command, parsed.data, state, ctx).map(
    (payload) =>
      ({
        id: ctx.newId(),
        type,
        occurredAt: command.occurredAt,
        ...(time.offset === 'Z' ? {} : { occurredOffset: time.offset }),
        recordedAt: ctx.now,
        actor: ctx.actor,
        payload,
      }) as CustodyEvent,
  );
  return { ok: true, events };
}
