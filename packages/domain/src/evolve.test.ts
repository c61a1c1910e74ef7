import { describe, expect, test } from 'vitest';
import type { CustodyEvent } from './envelope.ts';
import { evolve, foldEvents } from './evolve.ts';
import { eventById, interrogationMinutesWithin } from './state.ts';
import { detentionPayload, openRecord, samplePayloads } from './test/fixtures.ts';
import { actors, at, event, T0 } from './test/scenario.ts';

const fold = (...events: (readonly CustodyEvent[])[]) => foldEvents(events.flat())!;

describe('status transitions', () => {
  test('actual detention opens a record in status detained with T0', () => {
    const s = fold(openRecord().slice(0, 1));
    expect(s).toMatchObject({
      status: 'detained',
      recordId: 'record-1',
      t0: T0,
      clockStartsAt: T0,
      profile: 'ua_criminal_208',
      juvenile: false,
      foreigner: true,
      eventCount: 1,
      detainingOfficerIds: ['officer-1'],
    });
  });
  test('delivery moves to in_custody with registration pending until registered', () => {
    const events = openRecord();
    expect(fold(events.slice(0, 2))).toMatchObject({
      status: 'in_custody',
      deliveredAt: at(30),
      unitId: 'unit-1',
      registrationPending: true,
    });
    expect(fold(events.slice(0, 3))).toMatchObject({
      status: 'in_custody',
      registrationPending: false,
      registeredAt: at(32),
      custodyNumber: 'K-2026-0001',
    });
    expect(fold(events).responsibleOfficialId).toBe('inspector-1');
  });
  test('release and transfer close the record', () => {
    const released = fold(openRecord(), [
      event('PropertyRecorded', samplePayloads.RecordProperty, { at: at(40) }),
      event(
        'DetaineeReleased',
        { ...samplePayloads.ReleaseDetainee, propertyReturned: 'yes' },
        { at: at(90) },
      ),
    ]);
    expect(released).toMatchObject({ status: 'released', endedAt: at(90), propertyHeld: false });
    const transferred = fold(openRecord(), [
      event('DetaineeTransferred', samplePayloads.TransferDetainee as never, { at: at(90) }),
    ]);
    expect(transferred).toMatchObject({
      status: 'transferred',
      destinationKind: 'itt',
      endedAt: at(90),
    });
  });
  test('a release straight from detention (before delivery) is possible', () => {
    const s = fold(openRecord().slice(0, 1), [
      event('DetaineeReleased', samplePayloads.ReleaseDetainee as never, { at: at(10) }),
    ]);
    expect(s.status).toBe('released');
  });
  test('a stream that does not open with a detention, or opens twice, is rejected', () => {
    expect(() => evolve(undefined, openRecord()[1]!)).toThrow(/opens with DetentionRecorded/);
    const s = fold(openRecord());
    expect(() => evolve(s, openRecord()[0]!)).toThrow(/already opened/);
  });
});

describe('facts the rest of the system needs', () => {
  test('notifications keep the first instant per kind; consular request', () => {
    const n = samplePayloads.RecordNotification as never;
    const s = fold(openRecord(), [
      event('NotificationMade', n, { at: at(40) }),
      event('NotificationMade', n, { at: at(50) }),
      event('ConsularNotificationRequested', { country: 'Польща' }, { at: at(45) }),
      event('RightsExplained', samplePayloads.RecordRightsExplained as never, { at: at(35) }),
    ]);
    expect(s.notifications).toEqual({ legal_aid_centre: at(40) });
    expect(s).toMatchObject({
      consular: 'requested',
      consularRequestedAt: at(45),
      rightsExplainedAt: at(35),
    });
  });
  test('welfare: observation, intoxication, risk, checks, meals, rest, location', () => {
    const s = fold(openRecord(), [
      event('ObservationLevelSet', { level: 'constant', rationale: 'x' }, { at: at(40) }),
      event('IntoxicationRecorded', { intoxicated: true, signs: 'запах' }, { at: at(41) }),
      event('RiskAssessed', { atRisk: true, factors: [], summary: 'ризик' }, { at: at(42) }),
      event(
        'CellCheckRecorded',
        { condition: 'спить', roused: true, concern: false },
        { at: at(60) },
      ),
      event('MealOffered', { kind: 'main', accepted: false }, { at: at(70) }),
      event('MealOffered', { kind: 'light', accepted: true }, { at: at(80) }),
      event(
        'RestPeriodRecorded',
        { from: at(40), to: at(100), interrupted: false },
        { at: at(100) },
      ),
      event('DetaineeMoved', samplePayloads.MoveDetainee as never, { at: at(38) }),
    ]);
    expect(s).toMatchObject({
      observationLevel: 'constant',
      intoxicated: true,
      atRisk: true,
      lastCellCheckAt: at(60),
      lastMealAt: at(80),
      lastMainMealAt: at(70),
      restPeriods: [{ from: at(40), to: at(100) }],
      location: { cellId: 'cell-2' },
    });
    const sober = evolve(
      s,
      event('IntoxicationRecorded', { intoxicated: false, signs: 'тверезий' }, { at: at(110) }),
    );
    expect(sober.intoxicated).toBe(false);
  });
  test('contacts open and close; flagged contacts are counted', () => {
    const started = event(
      'ContactStarted',
      {
        person: { name: 'Опер' },
        role: 'operational_officer',
        purpose: 'x',
        flagged: true,
        flagReason: 'role',
      },
      { id: 'e-c', at: at(40) },
    );
    const open = fold(openRecord(), [started]);
    expect(open.openContacts).toEqual([
      {
        eventId: 'e-c',
        personName: 'Опер',
        personId: undefined,
        role: 'operational_officer',
        since: at(40),
        flagged: true,
      },
    ]);
    expect(open.flaggedContactCount).toBe(1);
    const closed = evolve(open, event('ContactEnded', { contactEventId: 'e-c' }, { at: at(50) }));
    expect(closed.openContacts).toEqual([]);
    expect(closed.flaggedContactCount).toBe(1);
  });
  test('interrogation: running, paused, segments and minutes within a window', () => {
    const inv = { actor: actors.investigator };
    const running = fold(openRecord(), [
      event(
        'InterrogationStarted',
        { interrogatorId: 'investigator-1', defenderPresent: true },
        { id: 'e-i', at: at(60), ...inv },
      ),
    ]);
    expect(running.interrogation).toMatchObject({
      status: 'running',
      runningSince: at(60),
      startedEventId: 'e-i',
    });
    expect(running.involvedInvestigatorIds).toContain('investigator-1');
    const paused = evolve(running, event('InterrogationPaused', {}, { at: at(180), ...inv }));
    expect(paused.interrogation).toMatchObject({
      status: 'paused',
      pausedSince: at(180),
      segments: [{ from: at(60), to: at(180) }],
    });
    const resumed = evolve(
      paused,
      event('InterrogationResumed', { defenderPresent: true }, { at: at(200), ...inv }),
    );
    expect(interrogationMinutesWithin(resumed.interrogation, T0, at(230))).toBe(150);
    expect(interrogationMinutesWithin(resumed.interrogation, at(120), at(230))).toBe(90);
    const ended = evolve(resumed, event('InterrogationEnded', {}, { at: at(240), ...inv }));
    expect(ended.interrogation.status).toBe('none');
    expect(ended.interrogation.segments).toHaveLength(2);
    expect(interrogationMinutesWithin(ended.interrogation, T0, at(1000))).toBe(160);
  });
  test('procedural facts: protocol, suspicion, court, reclassification, PACE, martial law', () => {
    const s = fold(openRecord(), [
      event('DetentionProtocolDrawnUp', samplePayloads.DrawUpDetentionProtocol as never, {
        at: at(40),
        actor: actors.investigator,
      }),
      event('SuspicionNoticeServed', samplePayloads.ServeSuspicionNotice as never, {
        at: at(50),
        actor: actors.investigator,
      }),
      event('CourtHearingScheduled', samplePayloads.ScheduleCourtHearing as never, {
        at: at(60),
        actor: actors.investigator,
      }),
      event('CourtDecisionRecorded', samplePayloads.RecordCourtDecision as never, { at: at(70) }),
      event('MartialLawConditionsRecorded', samplePayloads.RecordMartialLawConditions as never, {
        at: at(80),
      }),
      event('PaceAuthorisationRecorded', samplePayloads.RecordPaceAuthorisation as never, {
        at: at(90),
      }),
      event('PaceReviewRecorded', samplePayloads.RecordPaceReview as never, { at: at(95) }),
    ]);
    expect(s).toMatchObject({
      protocolDrawnUpAt: at(40),
      suspicionServedAt: at(50),
      courtHearingScheduledFor: at(48 * 60),
      courtDecision: { outcome: 'custody', at: at(70) },
      martialLaw: { since: at(80), supervisorId: 'supervisor-1' },
      paceAuthorisations: [
        { kind: 'superintendent_extension', at: at(90), detentionLimitHours: 36 },
      ],
      paceReviews: [{ at: at(95), outcome: 'continued' }],
    });
    const admin = fold(openRecord({ profile: 'ua_administrative', legalBasis: 'КУпАП ст. 262' }));
    const kept = evolve(
      admin,
      event('DetentionReclassified', samplePayloads.ReclassifyDetention as never, { at: at(100) }),
    );
    expect(kept).toMatchObject({
      profile: 'ua_criminal_208',
      initialProfile: 'ua_administrative',
      t0: T0,
      clockStartsAt: T0,
    });
    const restarted = evolve(
      admin,
      event(
        'DetentionReclassified',
        { ...samplePayloads.ReclassifyDetention, clockStartsAt: at(100) },
        { at: at(100) },
      ),
    );
    expect(restarted).toMatchObject({ t0: T0, clockStartsAt: at(100) });
  });
  test('health data consent given and withdrawn per audience', () => {
    const given = fold(openRecord(), [
      event(
        'HealthDataConsentRecorded',
        { consent: 'given', disclosedTo: ['lawyer', 'monitor'], signature: { signed: true } },
        { at: at(40) },
      ),
    ]);
    expect(given.healthDataConsent).toEqual({ lawyer: true, monitor: true });
    const withdrawn = evolve(
      given,
      event(
        'HealthDataConsentRecorded',
        { consent: 'withdrawn', disclosedTo: ['monitor'], signature: { signed: true } },
        { at: at(50) },
      ),
    );
    expect(withdrawn.healthDataConsent).toEqual({ lawyer: true, monitor: false });
  });
  test('requests and complaints stay open until answered', () => {
    const s = fold(openRecord(), [
      event('DetaineeRequestMade', { request: 'вода' }, { id: 'r1', at: at(40) }),
      event('ComplaintMade', { complaint: 'холодно' }, { id: 'c1', at: at(41) }),
    ]);
    expect(s).toMatchObject({ openRequestIds: ['r1'], openComplaintIds: ['c1'] });
    const answered = fold(s.events, [
      event(
        'DetaineeRequestAnswered',
        { requestEventId: 'r1', answer: 'так', granted: true },
        { at: at(50) },
      ),
      event('ComplaintAnswered', { complaintEventId: 'c1', answer: 'ковдра' }, { at: at(51) }),
    ]);
    expect(answered).toMatchObject({ openRequestIds: [], openComplaintIds: [] });
  });
  test('event count, index by id, and the latest occurred-at across precisions', () => {
    const s = fold(openRecord(), [
      event(
        'CellCheckRecorded',
        { condition: 'ok', roused: false, concern: false },
        { id: 'x', at: '2026-03-01T11:00:30Z' },
      ),
      event(
        'CellCheckRecorded',
        { condition: 'ok', roused: false, concern: false },
        { at: '2026-03-01T11:00Z' },
      ),
    ]);
    expect(s.eventCount).toBe(6);
    expect(eventById(s, 'x')?.occurredAt).toBe('2026-03-01T11:00:30Z');
    expect(s.events[4]?.id).toBe('x');
    expect(s.lastOccurredAt).toBe('2026-03-01T11:00:30Z');
  });
});

describe('corrections and erasure', () => {
  test('a correction re-derives the state from the corrected entry; the original stays listed', () => {
    const s = fold(openRecord(), [
      event(
        'EntryCorrected',
        {
          targetEventId: 'e-delivery',
          reason: 'номер',
          correctedFields: { unitId: 'unit-2' },
          correctedOccurredAt: at(25),
        },
        { id: 'e-fix', at: at(60) },
      ),
    ]);
    expect(s).toMatchObject({
      status: 'in_custody',
      unitId: 'unit-2',
      deliveredAt: at(25),
      correctedEventIds: ['e-delivery'],
    });
    expect(s.events.map((e) => e.id)).toEqual([
      'e-detention',
      'e-delivery',
      'e-registration',
      'e-ro',
      'e-fix',
    ]);
    expect(s.eventCount).toBe(5);
  });
  test('correcting the detention time moves T0', () => {
    const s = fold(openRecord(), [
      event(
        'EntryCorrected',
        {
          targetEventId: 'e-detention',
          reason: 'відео',
          correctedFields: {},
          correctedOccurredAt: at(-20),
        },
        { at: at(60) },
      ),
    ]);
    expect(s.t0).toBe(at(-20));
  });
  test('corrections compose, and later events still apply after a correction', () => {
    const s = fold(openRecord(), [
      event(
        'EntryCorrected',
        { targetEventId: 'e-delivery', reason: 'a', correctedFields: { unitId: 'unit-2' } },
        { at: at(60) },
      ),
      event(
        'CellCheckRecorded',
        { condition: 'ok', roused: false, concern: false },
        { at: at(70) },
      ),
      event(
        'EntryCorrected',
        { targetEventId: 'e-delivery', reason: 'b', correctedFields: { unitId: 'unit-3' } },
        { at: at(80) },
      ),
    ]);
    expect(s).toMatchObject({ unitId: 'unit-3', lastCellCheckAt: at(70), eventCount: 7 });
  });
  test('an erasure tombstone marks the entry as erased', () => {
    const s = fold(openRecord(), [
      event('PayloadErased', { targetEventId: 'e-delivery', legalGround: 'ст. 8' }, { at: at(60) }),
    ]);
    expect(s.erasedEventIds).toEqual(['e-delivery']);
  });
  test('juvenile is derived from the date of birth at T0', () => {
    const minor = fold([
      event(
        'DetentionRecorded',
        {
          ...detentionPayload,
          person: { kind: 'identified', fullName: 'Н', dateOfBirth: '2008-03-02' },
        },
        { at: T0 },
      ),
    ]);
    expect(minor.juvenile).toBe(true);
  });
});
