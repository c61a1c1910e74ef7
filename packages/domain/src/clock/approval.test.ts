import { describe, expect, test } from 'vitest';
import { RecordBuilder } from './clock.fixture.ts';
import { obligations } from './obligations.ts';

const T0 = '2025-06-10T05:00:00.000Z';

/**
 * Two-step approval (domain.md §2, §3.8): a lowering of the observation level asked for by an
 * inspector changes the cell-check interval only from the supervisor's approving entry, never
 * from the request, and never when refused (unit policy, modelled on Code C 9.3, Annex H).
 */
describe('an approved lowering takes effect from the approval entry', () => {
  /** Intermittent observation (30 min checks) from delivery; a lowering asked for at 10 min. */
  function requested(): { b: RecordBuilder; requestId: string } {
    const b = new RecordBuilder(T0).detained().delivered(0).observation(0, 'intermittent');
    const requestId = b.add(
      'ApprovalRequested',
      10,
      { subject: 'observation_lowering', level: 'general', rationale: 'Протверезів' },
      'duty_inspector',
    );
    return { b, requestId };
  }
  const decide = (b: RecordBuilder, id: string, minutes: number, decision: string) =>
    b.add(
      'ApprovalDecided',
      minutes,
      {
        requestEventId: id,
        decision: decision as 'approved' | 'refused',
        ...(decision === 'refused' ? { reason: 'Ні' } : {}),
        subject: 'observation_lowering',
        level: 'general',
      },
      'supervisor',
    );
  const nextCheck = (b: RecordBuilder, now: number) =>
    obligations({ events: b.events, now: b.at(now) }).find((o) => o.id === 'cell_check:next');

  test('pending: checks stay every 30 min', () => {
    const { b } = requested();
    b.cellCheck(45, true);
    expect(nextCheck(b, 46)?.dueAt).toBe(b.at(75));
  });

  test('approved at 30 min: the check after it sets the next one 60 min on', () => {
    const { b, requestId } = requested();
    decide(b, requestId, 30, 'approved');
    b.cellCheck(45);
    expect(nextCheck(b, 46)?.dueAt).toBe(b.at(105));
  });

  test('approved at 50 min, after the check at 45: that check still ran on 30 min', () => {
    const { b, requestId } = requested();
    b.cellCheck(45, true);
    decide(b, requestId, 50, 'approved');
    expect(nextCheck(b, 51)?.dueAt).toBe(b.at(75));
    b.cellCheck(75);
    expect(nextCheck(b, 76)?.dueAt).toBe(b.at(135));
  });

  test('refused: checks stay every 30 min', () => {
    const { b, requestId } = requested();
    decide(b, requestId, 30, 'refused');
    b.cellCheck(45, true);
    expect(nextCheck(b, 46)?.dueAt).toBe(b.at(75));
  });
});
