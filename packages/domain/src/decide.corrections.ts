import type { RuleInput } from './decide.context.ts';
import { invalidPayload } from './errors.ts';
import type { DomainError } from './errors.ts';
import { parsePayload } from './events.ts';
import { eventById } from './state.ts';

/** Fields that identify rather than describe; a correction never changes them. */
const FIXED_FIELDS: ReadonlySet<string> = new Set(['recordId']);

/**
 * A correction references an existing entry of the same record, gives a reason, and leaves the
 * entry valid under its own schema (domain.md §3: corrections are new events, nothing is edited).
 */
export function checkCorrection(input: RuleInput<'CorrectEntry'>): DomainError | undefined {
  const { payload, state, ctx } = input;
  const target = eventById(state, payload.targetEventId);
  if (target === undefined) {
    return {
      code: 'correction_target_missing',
      targetEventId: payload.targetEventId,
      message: `no entry ${payload.targetEventId} in record ${state.recordId}`,
    };
  }
  const notAllowed = (why: string): DomainError => ({
    code: 'correction_not_allowed',
    targetEventId: target.id,
    message: why,
  });
  if (target.type === 'EntryCorrected' || target.type === 'PayloadErased') {
    return notAllowed(`a ${target.type} entry is not corrected; correct the original entry`);
  }
  if (state.erasedEventIds.includes(target.id)) return notAllowed('the entry has been erased');
  const fixed = Object.keys(payload.correctedFields).find((f) => FIXED_FIELDS.has(f));
  if (fixed !== undefined) return notAllowed(`${fixed} identifies the record and is not corrected`);
  const merged = { ...target.payload, ...payload.correctedFields };
  const parsed = parsePayload(target.type, merged);
  if (!parsed.success) return invalidPayload(parsed.error.issues, ['payload', 'correctedFields']);
  const at = payload.correctedOccurredAt;
  if (at === undefined) return undefined;
  if (Date.parse(at) > Date.parse(ctx.now) + ctx.settings.futureSkewSeconds * 1000) {
    return {
      code: 'future_occurred_at',
      occurredAt: at,
      now: ctx.now,
      message: `corrected time ${at} is in the future`,
    };
  }
  if (target.type !== 'DetentionRecorded' && Date.parse(at) < Date.parse(state.t0)) {
    return {
      code: 'occurred_before_detention',
      occurredAt: at,
      t0: state.t0,
      message: `corrected time ${at} precedes the actual detention`,
    };
  }
  return undefined;
}

/** A lawful erasure names an existing, not yet erased entry of the record. */
export function checkErasure(input: RuleInput<'EraseEventPayload'>): DomainError | undefined {
  const { payload, state } = input;
  const targetEventId = payload.targetEventId;
  if (eventById(state, targetEventId) === undefined) {
    return {
      code: 'erasure_target_missing',
      targetEventId,
      message: `no entry ${targetEventId} in record ${state.recordId}`,
    };
  }
  if (state.erasedEventIds.includes(targetEventId)) {
    return {
      code: 'already_erased',
      targetEventId,
      message: `entry ${targetEventId} is already erased`,
    };
  }
  return undefined;
}
