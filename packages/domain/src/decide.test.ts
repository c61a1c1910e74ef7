import { describe, expect, test } from 'vitest';
import { COMMAND_EVENT, COMMAND_TYPES } from './commands.ts';
import { APPROVAL_FIELDS, APPROVED_BY_ACTOR, approverIds } from './decide.approvals.ts';
import { commandSchemas } from './commands.ts';
import { parsePayload } from './events.ts';
import { foldEvents } from './evolve.ts';
import type { Command, CommandPayload, CommandType } from './commands.ts';
import {
  approvalRequested,
  defender,
  observedConstantly,
  openRecord,
  prerequisites,
  samplePayloads,
} from './test/fixtures.ts';
import { actors, at, event, scenario, T0 } from './test/scenario.ts';

const cmd = <C extends CommandType>(
  type: C,
  payload: CommandPayload<C> = samplePayloads[type],
  occurredAt = at(110),
) => ({ type, occurredAt, payload }) as Command;

describe('every command is accepted on a suitable record', () => {
  test.each(COMMAND_TYPES.map((c) => [c]))('%s', (type) => {
    const expected = type === 'RecordForceUsed' ? 2 : 1;
    const { events } = scenario()
      .given(...prerequisites(type))
      .when(cmd(type, undefined, type === 'RecordDelivery' ? at(30) : at(110)), {
        // The second step of an approval is the supervisor's own entry (decide.approvals.ts).
        actor: type === 'DecideApproval' ? actors.supervisor : actors.duty,
      })
      .thenEvents(...Array.from({ length: expected }, () => ({ type: COMMAND_EVENT[type] })));
    expect(events.map((e) => e.id)).toEqual(expected === 2 ? ['new-1', 'new-2'] : ['new-1']);
  });
});

describe('time', () => {
  test('occurredAt beyond the future skew is refused', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, '2026-03-01T12:02:01Z'), { now: at(120) })
      .thenRefused('future_occurred_at');
  });
  test('occurredAt within the skew is accepted', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, '2026-03-01T12:02Z'), { now: at(120) })
      .thenEvents({ type: 'CellCheckRecorded' });
  });
  test('an occurredAt that is not an RFC 3339 date-time is refused with its path and the format', () => {
    for (const bad of ['2026-03-01 12:00', '2026-03-01T12:00:00', '2026-02-30T12:00Z']) {
      scenario()
        .given(...openRecord())
        .when(cmd('RecordCellCheck', undefined, bad))
        .thenRefused('invalid_payload', {
          issues: [{ path: ['occurredAt'], message: expect.stringContaining('RFC 3339') }],
        });
    }
  });
  test('an occurredAt with an offset is kept as the UTC instant plus the offset as given', () => {
    const { events } = scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, '2026-03-01T13:50+02:00'), { now: at(120) })
      .thenEvents({ type: 'CellCheckRecorded' });
    expect(events[0]?.occurredAt).toBe('2026-03-01T11:50Z');
    expect(events[0]?.occurredOffset).toBe('+02:00');
    const utc = scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, '2026-03-01T11:50:00z'), { now: at(120) })
      .thenEvents({ type: 'CellCheckRecorded' });
    expect(utc.events[0]?.occurredAt).toBe('2026-03-01T11:50:00Z');
    expect(utc.events[0] && 'occurredOffset' in utc.events[0]).toBe(false);
  });
  test('an offset that puts the time before the actual detention is refused as such', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, `${T0.slice(0, 16)}+01:00`))
      .thenRefused('occurred_before_detention');
  });
  test('no entry may precede the actual detention', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', undefined, at(-1)))
      .thenRefused('occurred_before_detention', { t0: T0 });
  });
  test('delivery cannot precede detention', () => {
    scenario()
      .given(...openRecord().slice(0, 1))
      .when(cmd('RecordDelivery', undefined, at(-5)))
      .thenRefused('delivery_before_detention');
  });
  test('a rest period cannot start before detention nor end in the future', () => {
    const given = openRecord();
    scenario()
      .given(...given)
      .when(cmd('RecordRestPeriod', { from: at(-10), to: at(60), interrupted: false }))
      .thenRefused('occurred_before_detention');
    scenario()
      .given(...given)
      .when(cmd('RecordRestPeriod', { from: at(60), to: at(200), interrupted: false }))
      .thenRefused('future_occurred_at');
  });
});

describe('opening and delivery', () => {
  test('a record cannot be opened twice', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordDetention', undefined, at(5)))
      .thenRefused('record_exists', { recordId: 'record-1' });
  });
  test('commands other than RecordDetention need a record', () => {
    scenario().when(cmd('RecordCellCheck')).thenRefused('record_not_found');
  });
  test('a delivery slower than the limit must be explained', () => {
    const given = openRecord().slice(0, 1);
    scenario()
      .given(...given)
      .when(cmd('RecordDelivery', { unitId: 'unit-1' }, at(61)))
      .thenRefused('delivery_delay_unexplained', { delayMinutes: 61 });
    scenario()
      .given(...given)
      .when(cmd('RecordDelivery', { unitId: 'unit-1', delayExplanation: 'Затор на мосту' }, at(61)))
      .thenEvents({ type: 'DetaineeDelivered' });
    scenario()
      .given(...given)
      .when(cmd('RecordDelivery', { unitId: 'unit-1' }, at(61)), {
        settings: { deliveryExplanationMinutes: 90 },
      })
      .thenEvents({ type: 'DetaineeDelivered' });
  });
  test('delivery and registration happen once, registration after delivery', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordDelivery'))
      .thenRefused('already_delivered');
    scenario()
      .given(...openRecord().slice(0, 1))
      .when(cmd('RegisterDetainee'))
      .thenRefused('not_delivered');
    scenario()
      .given(...openRecord())
      .when(cmd('RegisterDetainee'))
      .thenRefused('already_registered');
  });
  test('consular notification is for foreigners', () => {
    scenario()
      .given(...openRecord({ foreigner: false }))
      .when(cmd('RecordConsularNotificationRequest'))
      .thenRefused('not_foreigner');
    scenario()
      .given(...openRecord({ foreigner: false }))
      .when(cmd('RecordConsularNotificationDeclined'))
      .thenRefused('not_foreigner');
  });
});

describe('closed records', () => {
  const released = [
    ...openRecord(),
    event('DetaineeReleased', samplePayloads.ReleaseDetainee, { id: 'e-release', at: at(100) }),
  ];
  test('after release only corrections, attachments, bookmarks, documents and erasures', () => {
    scenario()
      .given(...released)
      .when(cmd('RecordCellCheck'))
      .thenRefused('record_closed', { status: 'released' });
    for (const type of [
      'CorrectEntry',
      'AddAttachment',
      'BookmarkCamera',
      'HandOverDocument',
      'EraseEventPayload',
    ] as const) {
      scenario()
        .given(...released)
        .when(cmd(type))
        .thenEvents({ type: COMMAND_EVENT[type] });
    }
  });
  test('after transfer a second transfer is refused', () => {
    scenario()
      .given(
        ...openRecord(),
        event('DetaineeTransferred', samplePayloads.TransferDetainee, { at: at(100) }),
      )
      .when(cmd('TransferDetainee'))
      .thenRefused('record_closed', { status: 'transferred' });
  });
  test('release and transfer require a ground', () => {
    const { ground: _ground, ...noGround } = samplePayloads.ReleaseDetainee;
    scenario()
      .given(...openRecord())
      .when(cmd('ReleaseDetainee', noGround as CommandPayload<'ReleaseDetainee'>))
      .thenRefused('ground_required');
    scenario()
      .given(...openRecord())
      .when(cmd('TransferDetainee', { ...samplePayloads.TransferDetainee, ground: '   ' }))
      .thenRefused('ground_required');
  });
  test('a release forced by a time limit names the limit; property and copy are stated', () => {
    const base = samplePayloads.ReleaseDetainee;
    scenario()
      .given(...openRecord())
      .when(cmd('ReleaseDetainee', { ...base, ground: 'time_limit_reached' }))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload', 'timeLimit'] }] });
    const { recordCopyHandedOver: _c, ...noCopy } = base;
    scenario()
      .given(...openRecord())
      .when(cmd('ReleaseDetainee', noCopy as CommandPayload<'ReleaseDetainee'>))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload', 'recordCopyHandedOver'] }] });
    const { state } = scenario()
      .given(...openRecord())
      .when(
        cmd('ReleaseDetainee', {
          ...base,
          ground: 'time_limit_reached',
          timeLimit: 'КПК ст. 211: 72 год',
        }),
      )
      .thenEvents({ type: 'DetaineeReleased', payload: { ground: 'time_limit_reached' } });
    expect(state).toMatchObject({ status: 'released', endGround: 'time_limit_reached' });
  });
  test('a return of property lists at least one item; a stored return without items still reads', () => {
    const empty = { ...samplePayloads.ReturnProperty, items: [] };
    scenario()
      .given(...openRecord())
      .when(cmd('ReturnProperty', empty))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload', 'items'] }] });
    // Only the command refuses it: an entry stored before the rule reads and folds as it did.
    expect(parsePayload('PropertyReturned', empty)).toMatchObject({ success: true, data: empty });
    const held = samplePayloads.RecordProperty;
    const { state } = scenario()
      .given(
        ...openRecord(),
        event('PropertyRecorded', held, { at: at(90) }),
        event('PropertyReturned', empty, { at: at(100) }),
      )
      .when(cmd('RecordCellCheck'))
      .thenEvents({ type: 'CellCheckRecorded' });
    expect(state.propertyHeld).toBe(false);
  });
});

describe('separation of duties (КПК ст. 212, Law 3623-IX)', () => {
  const withInvestigation = [
    ...openRecord(),
    event('InvestigativeActionStarted', samplePayloads.StartInvestigativeAction as never, {
      at: at(40),
      actor: actors.investigator,
    }),
  ];
  test('an investigator of the record cannot be assigned responsible official', () => {
    scenario()
      .given(...withInvestigation)
      .when(cmd('AssignResponsibleOfficial', { officialId: 'investigator-1' }))
      .thenRefused('separation_of_duties', { personId: 'investigator-1' });
  });
  test('a detaining officer cannot be assigned responsible official', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('AssignResponsibleOfficial', { officialId: 'officer-1' }))
      .thenRefused('separation_of_duties', { personId: 'officer-1' });
  });
  test('the responsible official cannot interrogate, act as investigator or serve suspicion', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('StartInterrogation'), { actor: actors.inspector })
      .thenRefused('separation_of_duties', { personId: 'inspector-1' });
    scenario()
      .given(...openRecord())
      .when(cmd('StartInterrogation', { interrogatorId: 'inspector-1', defenderPresent: false }), {
        actor: actors.investigator,
      })
      .thenRefused('separation_of_duties');
    scenario()
      .given(...openRecord())
      .when(cmd('StartInvestigativeAction'), { actor: actors.inspector })
      .thenRefused('separation_of_duties');
    scenario()
      .given(...openRecord())
      .when(cmd('ServeSuspicionNotice'), { actor: actors.inspector })
      .thenRefused('separation_of_duties');
  });
});

describe('observation level', () => {
  const atConstant = [
    ...openRecord(),
    event('ObservationLevelSet', { level: 'constant', rationale: 'Ризик' }, { at: at(40) }),
  ];
  test('lowering without rationale and supervisor approval is refused', () => {
    scenario()
      .given(...atConstant)
      .when(cmd('SetObservationLevel', { level: 'general', rationale: 'Протверезів' }))
      .thenRefused('observation_lowering_needs_supervisor');
    scenario()
      .given(...atConstant)
      .when(
        cmd('SetObservationLevel', {
          level: 'general',
          supervisorApproval: { supervisorId: 'supervisor-1' },
        }),
      )
      .thenRefused('observation_lowering_needs_supervisor');
  });
  test('the supervisor approving cannot be the person lowering', () => {
    scenario()
      .given(...atConstant)
      .when(
        cmd('SetObservationLevel', {
          level: 'intermittent',
          rationale: 'Протверезів',
          supervisorApproval: { supervisorId: 'supervisor-1' },
        }),
        { actor: actors.supervisor },
      )
      .thenRefused('observation_lowering_needs_supervisor');
  });
  test('lowering with rationale and approval, and raising, are accepted', () => {
    scenario()
      .given(...atConstant)
      .when(
        cmd('SetObservationLevel', {
          level: 'general',
          rationale: 'Протверезів, лікар оглянув',
          supervisorApproval: { supervisorId: 'supervisor-1' },
        }),
      )
      .thenEvents({ type: 'ObservationLevelSet' });
    scenario()
      .given(...atConstant)
      .when(cmd('SetObservationLevel', { level: 'close_proximity' }))
      .thenEvents({ type: 'ObservationLevelSet' });
  });
});

describe('approvals by a supervisor of the unit (domain.md §2, §3.8; КПК ст. 615)', () => {
  const atConstant = [
    ...openRecord(),
    event('ObservationLevelSet', { level: 'constant', rationale: 'Ризик' }, { at: at(40) }),
  ];
  const lower = (supervisorId: string) =>
    cmd('SetObservationLevel', {
      level: 'general',
      rationale: 'Протверезів, лікар оглянув',
      supervisorApproval: { supervisorId },
    });
  test.each([
    ['not_supervisor', 'a custody inspector'],
    ['other_unit', 'a supervisor of another unit'],
    ['inactive', 'a disabled supervisor account'],
    ['unknown', 'nobody the accounts know'],
  ] as const)('lowering approved by %s (%s) is refused', (standing, _who) => {
    scenario()
      .given(...atConstant)
      .when(lower('person-x'), { approvers: new Map([['person-x', standing]]) })
      .thenRefused('approver_not_supervisor', { approverId: 'person-x', standing });
  });
  test('an approver the caller did not look up is unknown, and refused', () => {
    scenario()
      .given(...atConstant)
      .when(lower('nobody'))
      .thenRefused('approver_not_supervisor', { standing: 'unknown' });
  });
  test('lowering approved by an active supervisor of the unit is accepted', () => {
    scenario()
      .given(...atConstant)
      .when(lower('supervisor-1'))
      .thenEvents({
        type: 'ObservationLevelSet',
        payload: { supervisorApproval: { supervisorId: 'supervisor-1' } },
      });
  });
  test('martial-law conditions name an active supervisor of the unit (КПК ст. 615)', () => {
    const conditions = (supervisorId: string) =>
      cmd('RecordMartialLawConditions', { supervisorId, conditions: 'Воєнний стан, наказ №1' });
    scenario()
      .given(...openRecord())
      .when(conditions('supervisor-1'), { actor: actors.supervisor })
      .thenEvents({ type: 'MartialLawConditionsRecorded' });
    scenario()
      .given(...openRecord())
      .when(conditions('inspector-1'), {
        actor: actors.supervisor,
        approvers: new Map([['inspector-1', 'not_supervisor']]),
      })
      .thenRefused('approver_not_supervisor', { approverId: 'inspector-1' });
  });
  test('approverIds reads the approving person of each approval the domain names', () => {
    expect(
      approverIds('SetObservationLevel', { supervisorApproval: { supervisorId: ' s ' } }),
    ).toEqual(['s']);
    expect(approverIds('SetObservationLevel', { level: 'general' })).toEqual([]);
    expect(approverIds('RecordMartialLawConditions', { supervisorId: 's2' })).toEqual(['s2']);
    expect(approverIds('RecordCellCheck', { supervisorId: 's2' })).toEqual([]);
    expect(approverIds('SetObservationLevel', null)).toEqual([]);
  });
});

describe('two-step approval: a supervisor of the unit decides as their own entry (domain.md §2, §3.8)', () => {
  const request = (level: 'general' | 'intermittent' = 'intermittent') =>
    cmd('RequestApproval', { subject: 'observation_lowering', level, rationale: 'Протверезів' });
  const decision = (d: 'approved' | 'refused', reason?: string) =>
    cmd('DecideApproval', {
      requestEventId: 'e-approval-request',
      decision: d,
      ...(reason === undefined ? {} : { reason }),
    });

  test('an inspector requests a lowering: the request is pending and the level is unchanged', () => {
    const { state } = scenario()
      .given(...observedConstantly())
      .when(request(), { actor: actors.duty })
      .thenEvents({
        type: 'ApprovalRequested',
        payload: { subject: 'observation_lowering', level: 'intermittent' },
      });
    expect(state.observationLevel).toBe('constant');
    expect(state.pendingApprovals).toEqual([
      expect.objectContaining({ eventId: 'new-1', level: 'intermittent', requestedById: 'duty-1' }),
    ]);
  });

  test('a raise or the same level needs no approval, and nothing to lower is refused', () => {
    for (const level of ['constant', 'close_proximity'] as const) {
      scenario()
        .given(...observedConstantly())
        .when(cmd('RequestApproval', { subject: 'observation_lowering', level, rationale: 'x' }))
        .thenRefused('approval_not_needed');
    }
    scenario()
      .given(...openRecord())
      .when(request())
      .thenRefused('approval_not_needed');
  });

  test('one request at a time; a request states its rationale', () => {
    scenario()
      .given(...approvalRequested())
      .when(request('general'))
      .thenRefused('approval_already_pending', { requestEventId: 'e-approval-request' });
    scenario()
      .given(...observedConstantly())
      .when(cmd('RequestApproval', { subject: 'observation_lowering', level: 'general' } as never))
      .thenRefused('invalid_payload');
  });

  test('a supervisor of the unit approves: the lowering takes effect from their entry', () => {
    const { events, state } = scenario()
      .given(...approvalRequested())
      .when(decision('approved'), { actor: actors.supervisor })
      .thenEvents({
        type: 'ApprovalDecided',
        payload: {
          requestEventId: 'e-approval-request',
          decision: 'approved',
          subject: 'observation_lowering',
          level: 'intermittent',
        },
      });
    expect(events[0]?.actor).toEqual(actors.supervisor);
    expect(state.observationLevel).toBe('intermittent');
    expect(state.pendingApprovals).toEqual([]);
  });

  test('a supervisor refuses with a reason: the level stays; a refusal without a reason is refused', () => {
    const { state } = scenario()
      .given(...approvalRequested())
      .when(decision('refused', 'Ще не протверезів'), { actor: actors.supervisor })
      .thenEvents({ type: 'ApprovalDecided', payload: { decision: 'refused' } });
    expect(state.observationLevel).toBe('constant');
    expect(state.pendingApprovals).toEqual([]);
    scenario()
      .given(...approvalRequested())
      .when(decision('refused'), { actor: actors.supervisor })
      .thenRefused('invalid_payload');
  });

  test.each([
    ['a custody inspector', 'not_supervisor'],
    ['a supervisor of another unit', 'other_unit'],
    ['a disabled supervisor account', 'inactive'],
    ['an account the caller did not find', 'unknown'],
  ] as const)('%s deciding is refused (%s)', (_who, standing) => {
    const actor = { id: 'person-x', role: 'supervisor' } as const;
    scenario()
      .given(...approvalRequested())
      .when(decision('approved'), { actor, approvers: new Map([['person-x', standing]]) })
      .thenRefused('approver_not_supervisor', { approverId: 'person-x', standing });
  });

  test('the requester cannot decide their own request, even as a supervisor', () => {
    scenario()
      .given(...approvalRequested())
      .when(decision('approved'), {
        actor: { id: 'inspector-1', role: 'supervisor' },
        approvers: new Map([['inspector-1', 'supervisor_of_unit']]),
      })
      .thenRefused('approval_by_requester');
  });

  test('a decision names a pending request and does not precede it', () => {
    scenario()
      .given(...observedConstantly())
      .when(decision('approved'), { actor: actors.supervisor })
      .thenRefused('reference_not_found');
    scenario()
      .given(...approvalRequested())
      .when(cmd('DecideApproval', samplePayloads.DecideApproval, at(45)), {
        actor: actors.supervisor,
      })
      .thenRefused('approval_before_request');
  });

  test('a decided request is no longer pending; setting the level again lapses a request', () => {
    scenario()
      .given(
        ...approvalRequested(),
        event(
          'ApprovalDecided',
          {
            ...samplePayloads.DecideApproval,
            subject: 'observation_lowering',
            level: 'intermittent',
          },
          { at: at(60), actor: actors.supervisor },
        ),
      )
      .when(decision('refused', 'двічі'), { actor: actors.supervisor })
      .thenRefused('reference_not_found');
    const { state } = scenario()
      .given(...approvalRequested())
      .when(cmd('SetObservationLevel', { level: 'close_proximity', rationale: 'Погіршення' }))
      .thenEvents({ type: 'ObservationLevelSet' });
    expect(state.pendingApprovals).toEqual([]);
  });

  test('the level set again names the request it supersedes, and the state says why it is gone', () => {
    const { events, state } = scenario()
      .given(...approvalRequested())
      .when(cmd('SetObservationLevel', { level: 'close_proximity', rationale: 'Погіршення' }))
      .thenEvents({
        type: 'ObservationLevelSet',
        payload: { level: 'close_proximity', supersedesRequestEventId: 'e-approval-request' },
      });
    expect(state.supersededApproval).toEqual({
      requestEventId: 'e-approval-request',
      byEventId: events[0]?.id,
      at: at(110),
    });
    // Nothing pending: nothing superseded. The caller cannot name a request itself.
    const plain = scenario()
      .given(...observedConstantly())
      .when(cmd('SetObservationLevel', { level: 'close_proximity', rationale: 'Погіршення' }))
      .thenEvents({ type: 'ObservationLevelSet' });
    expect(plain.events[0]?.payload).not.toHaveProperty('supersedesRequestEventId');
    expect(plain.state.supersededApproval).toBeUndefined();
    scenario()
      .given(...approvalRequested())
      .when(
        cmd('SetObservationLevel', {
          level: 'close_proximity',
          supersedesRequestEventId: 'e-other',
        } as CommandPayload<'SetObservationLevel'>),
      )
      .thenRefused('invalid_payload');
    // A later request clears the explanation; so does a level set with nothing pending.
    const asked = scenario()
      .given(...approvalRequested(), ...events)
      .when(cmd('RequestApproval'))
      .thenEvents({ type: 'ApprovalRequested' });
    expect(asked.state.supersededApproval).toBeUndefined();
    const again = scenario()
      .given(...approvalRequested(), ...events)
      .when(cmd('SetObservationLevel', { level: 'close_proximity', rationale: 'Стабільно' }))
      .thenEvents({ type: 'ObservationLevelSet' });
    expect(again.state.supersededApproval).toBeUndefined();
  });

  test('an entry logged before the field still lapses the request, and is read as superseding it', () => {
    const state = foldEvents([
      ...approvalRequested(),
      event('ObservationLevelSet', { level: 'constant' }, { id: 'e-old', at: at(70) }),
    ]);
    expect(state?.pendingApprovals).toEqual([]);
    expect(state?.supersededApproval).toEqual({
      requestEventId: 'e-approval-request',
      byEventId: 'e-old',
      at: at(70),
    });
  });

  test('approverIds names the actor as the approver of a decision', () => {
    expect(approverIds('DecideApproval', samplePayloads.DecideApproval, 'sup-9')).toEqual([
      'sup-9',
    ]);
    expect(approverIds('DecideApproval', samplePayloads.DecideApproval)).toEqual([]);
    expect(approverIds('RequestApproval', samplePayloads.RequestApproval, 'duty-1')).toEqual([]);
  });
});

/** Every field path of a command's payload schema (objects, optionals, arrays, unions). */
function fieldPaths(schema: unknown, prefix = ''): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (def === undefined) return [];
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([k, v]) => [
        prefix + k,
        ...fieldPaths(v, `${prefix}${k}.`),
      ]);
    case 'optional':
    case 'nullable':
    case 'default':
      return fieldPaths(def.innerType, prefix);
    case 'array':
      return fieldPaths(def.element, prefix);
    case 'union':
      return (def.options as unknown[]).flatMap((o) => fieldPaths(o, prefix));
    case 'pipe':
      return fieldPaths(def.in, prefix);
    default:
      return [];
  }
}

describe('audit: every approval the domain names is verified or the approver’s own entry (issue 14 point 4)', () => {
  /**
   * Payload fields naming a person who authorises something and are, on purpose, not approvals
   * by a supervisor of the unit (decide.approvals.ts): the responsible official's authorisation of
   * a contact flags, never refuses (КПК ст. 212, domain.md §3.10); PACE authorisations and reviews
   * name a superintendent, inspector or court by rank or office (PACE s.40-44, E&W profile only).
   */
  const NOT_APPROVALS = new Set([
    'StartContact.authorisedById',
    'RecordPaceAuthorisation.authorisedBy',
    'RecordPaceReview.reviewer',
  ]);
  const APPROVER = /supervis|approv|authoris|authoriz|superintend|reviewer/i;

  test('each field naming an approving person is verified, or listed as not an approval', () => {
    const named = COMMAND_TYPES.flatMap((c) =>
      [...new Set(fieldPaths(commandSchemas[c]))]
        .filter((path) => APPROVER.test(path) && !path.endsWith('.name'))
        .map((path) => `${c}.${path}`),
    );
    const verified = Object.entries(APPROVAL_FIELDS).map(([c, path]) => `${c}.${path.join('.')}`);
    const unexplained = named.filter(
      (n) =>
        ![...NOT_APPROVALS].some((x) => n === x || n.startsWith(`${x}.`)) &&
        !verified.some((v) => v === n || v.startsWith(`${n}.`)),
    );
    expect(unexplained).toEqual([]);
    expect(verified.sort()).toEqual([
      'RecordMartialLawConditions.supervisorId',
      'SetObservationLevel.supervisorApproval.supervisorId',
    ]);
    expect([...APPROVED_BY_ACTOR]).toEqual(['DecideApproval']);
  });
});

describe('contacts', () => {
  test('a contact by a role that does not allow it is recorded and flagged', () => {
    scenario()
      .given(...openRecord())
      .when(
        cmd('StartContact', {
          person: { name: 'Оперуповноважений' },
          role: 'operational_officer',
          purpose: 'Розмова',
        }),
      )
      .thenEvents({
        type: 'ContactStarted',
        payload: {
          flagged: true,
          flagReason: expect.stringContaining('operational_officer') as unknown,
        },
      });
  });
  test('an allowed role, or a contact the responsible official authorised, is not flagged', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('StartContact'))
      .thenEvents({ type: 'ContactStarted', payload: { flagged: false } });
    const relative = {
      person: { name: 'Дружина' },
      role: 'relative',
      purpose: 'Передача речей',
    } as const;
    scenario()
      .given(...openRecord())
      .when(cmd('StartContact', { ...relative, authorisedById: 'inspector-1' }))
      .thenEvents({ type: 'ContactStarted', payload: { flagged: false } });
    scenario()
      .given(...openRecord())
      .when(cmd('StartContact', { ...relative, authorisedById: 'officer-1' }))
      .thenEvents({ type: 'ContactStarted', payload: { flagged: true } });
  });
  test('the caller cannot set the flag', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('StartContact', { ...samplePayloads.StartContact, flagged: false } as never))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload'] }] });
  });
  test('a contact ends only if it is open', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('EndContact', { contactEventId: 'nope' }))
      .thenRefused('contact_not_open', { contactEventId: 'nope' });
  });
});

describe('interrogation (КПК ст. 224, 490)', () => {
  test("a juvenile's interrogation cannot start without a defender", () => {
    scenario()
      .given(...openRecord({ juvenile: true }))
      .when(
        cmd('StartInterrogation', { interrogatorId: 'investigator-1', defenderPresent: false }),
        { actor: actors.investigator },
      )
      .thenRefused('juvenile_interrogation_without_defender');
  });
  test('a date of birth under 18 at detention makes the detainee a juvenile', () => {
    scenario()
      .given(
        ...openRecord({
          person: {
            kind: 'identified',
            fullName: 'Неповнолітній Н. Н.',
            dateOfBirth: '2008-03-02',
          },
        }),
      )
      .when(
        cmd('StartInterrogation', { interrogatorId: 'investigator-1', defenderPresent: false }),
        { actor: actors.investigator },
      )
      .thenRefused('juvenile_interrogation_without_defender');
    scenario()
      .given(
        ...openRecord({
          person: { kind: 'identified', fullName: 'Повнолітній П. П.', dateOfBirth: '2008-03-01' },
        }),
      )
      .when(
        cmd('StartInterrogation', { interrogatorId: 'investigator-1', defenderPresent: false }),
        { actor: actors.investigator },
      )
      .thenEvents({ type: 'InterrogationStarted' });
  });
  test("a juvenile's interrogation cannot resume without a defender", () => {
    scenario()
      .given(
        ...openRecord({ juvenile: true }),
        event(
          'InterrogationStarted',
          { interrogatorId: 'investigator-1', defenderPresent: true },
          { at: at(40) },
        ),
        event('InterrogationPaused', {}, { at: at(50) }),
      )
      .when(cmd('ResumeInterrogation', { defenderPresent: false }), { actor: actors.investigator })
      .thenRefused('juvenile_interrogation_without_defender');
  });
  test('a defender present is named with the certificate number (КПК ст. 45, ст. 50 ч. 1 п. 1)', () => {
    const start = (payload: Record<string, unknown>) =>
      scenario()
        .given(...openRecord())
        .when(
          cmd('StartInterrogation', { interrogatorId: 'investigator-1', ...payload } as never),
          {
            actor: actors.investigator,
          },
        );
    start({ defenderPresent: true }).thenRefused('invalid_payload', {
      issues: [
        { path: ['payload', 'defender', 'name'], message: expect.stringContaining('КПК ст. 50') },
      ],
    });
    start({ defenderPresent: true, defender: { name: 'Коваленко К. К.' } }).thenRefused(
      'invalid_payload',
      {
        issues: [
          { path: ['payload', 'defender', 'certificateNumber'], message: expect.any(String) },
        ],
      },
    );
    start({ defenderPresent: true, defender }).thenEvents({
      type: 'InterrogationStarted',
      payload: { defender: { name: 'Коваленко К. К.', certificateNumber: 'КВ 004512' } },
    });
  });
  test('a defender present at a resumed interrogation or an investigative action is named too', () => {
    scenario()
      .given(
        ...openRecord(),
        event(
          'InterrogationStarted',
          { interrogatorId: 'investigator-1', defenderPresent: false },
          { at: at(40) },
        ),
        event('InterrogationPaused', {}, { at: at(50) }),
      )
      .when(cmd('ResumeInterrogation', { defenderPresent: true }), { actor: actors.investigator })
      .thenRefused('invalid_payload', { issues: [{ path: ['payload', 'defender', 'name'] }] });
    scenario()
      .given(...openRecord())
      .when(
        cmd('StartInvestigativeAction', {
          kind: 'Обшук',
          investigatorId: 'investigator-1',
          defenderPresent: true,
          defender: { name: 'Коваленко К. К.' },
        }),
        { actor: actors.investigator },
      )
      .thenRefused('invalid_payload', {
        issues: [{ path: ['payload', 'defender', 'certificateNumber'] }],
      });
  });
  test("a juvenile's interrogation with a named defender is accepted (КПК ст. 490)", () => {
    scenario()
      .given(...openRecord({ juvenile: true }))
      .when(
        cmd('StartInterrogation', {
          interrogatorId: 'investigator-1',
          defenderPresent: true,
          defender,
        }),
        { actor: actors.investigator },
      )
      .thenEvents({ type: 'InterrogationStarted' });
  });
  test('pause, resume and end need an interrogation in the right state', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('EndInterrogation'))
      .thenRefused('interrogation_not_running');
    scenario()
      .given(...openRecord())
      .when(cmd('PauseInterrogation'))
      .thenRefused('interrogation_not_running');
    scenario()
      .given(...openRecord())
      .when(cmd('ResumeInterrogation'))
      .thenRefused('interrogation_not_paused');
    scenario()
      .given(...prerequisites('EndInterrogation'))
      .when(cmd('StartInterrogation'), { actor: actors.investigator })
      .thenRefused('interrogation_already_running');
  });
  test('an investigative action ends only if it is running', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('EndInvestigativeAction', { actionEventId: 'nope' }))
      .thenRefused('investigative_action_not_open');
  });
});

describe('references, corrections and erasure', () => {
  test('answers reference an open request, complaint or medical aid request', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('AnswerDetaineeRequest'))
      .thenRefused('reference_not_found', { field: 'requestEventId' });
    scenario()
      .given(...openRecord())
      .when(cmd('AnswerComplaint'))
      .thenRefused('reference_not_found', { field: 'complaintEventId' });
    scenario()
      .given(...openRecord())
      .when(
        cmd('RecordMedicalAid', {
          ...samplePayloads.RecordMedicalAid,
          requestEventId: 'e-delivery',
        }),
      )
      .thenRefused('reference_not_found', { field: 'requestEventId' });
  });
  test('a correction references an existing entry of the same record', () => {
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', {
          ...samplePayloads.CorrectEntry,
          targetEventId: 'other-record-event',
        }),
      )
      .thenRefused('correction_target_missing', { targetEventId: 'other-record-event' });
  });
  test('a correction gives a reason', () => {
    const { reason: _r, ...noReason } = samplePayloads.CorrectEntry;
    scenario()
      .given(...openRecord())
      .when(cmd('CorrectEntry', noReason as CommandPayload<'CorrectEntry'>))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload', 'reason'] }] });
  });
  test('corrected values must be valid for the corrected entry', () => {
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', { ...samplePayloads.CorrectEntry, correctedFields: { unitId: '' } }),
      )
      .thenRefused('invalid_payload', {
        issues: [{ path: ['payload', 'correctedFields', 'unitId'] }],
      });
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', { ...samplePayloads.CorrectEntry, correctedFields: { colour: 'red' } }),
      )
      .thenRefused('invalid_payload');
  });
  test('the record id and correction entries are not corrected', () => {
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', {
          targetEventId: 'e-detention',
          reason: 'x',
          correctedFields: { recordId: 'r2' },
        }),
      )
      .thenRefused('correction_not_allowed');
    scenario()
      .given(
        ...openRecord(),
        event(
          'EntryCorrected',
          { targetEventId: 'e-delivery', reason: 'x', correctedFields: { unitId: 'unit-2' } },
          { id: 'e-fix' },
        ),
      )
      .when(
        cmd('CorrectEntry', {
          targetEventId: 'e-fix',
          reason: 'y',
          correctedFields: { reason: 'z' },
        }),
      )
      .thenRefused('correction_not_allowed');
  });
  test('a corrected time is neither in the future nor before detention', () => {
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', {
          targetEventId: 'e-delivery',
          reason: 'Час',
          correctedFields: {},
          correctedOccurredAt: at(300),
        }),
      )
      .thenRefused('future_occurred_at');
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', {
          targetEventId: 'e-delivery',
          reason: 'Час',
          correctedFields: {},
          correctedOccurredAt: at(-30),
        }),
      )
      .thenRefused('occurred_before_detention');
    scenario()
      .given(...openRecord())
      .when(
        cmd('CorrectEntry', {
          targetEventId: 'e-detention',
          reason: 'Час затримання уточнено за відео',
          correctedFields: {},
          correctedOccurredAt: at(-30),
        }),
      )
      .thenEvents({ type: 'EntryCorrected' });
  });
  test('erasure names an existing, not yet erased entry', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('EraseEventPayload', { targetEventId: 'nope', legalGround: 'ст. 8' }))
      .thenRefused('erasure_target_missing');
    scenario()
      .given(
        ...openRecord(),
        event('PayloadErased', { targetEventId: 'e-delivery', legalGround: 'ст. 8' }),
      )
      .when(cmd('EraseEventPayload'))
      .thenRefused('already_erased');
  });
});

describe('payloads and profiles', () => {
  test('unknown fields are refused with their path', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordCellCheck', { ...samplePayloads.RecordCellCheck, mood: 'ok' } as never))
      .thenRefused('invalid_payload', { issues: [{ path: ['payload'] }] });
  });
  test('PACE authorisations and reviews need the PACE profile', () => {
    scenario()
      .given(...openRecord())
      .when(cmd('RecordPaceAuthorisation'))
      .thenRefused('wrong_profile');
    scenario()
      .given(...openRecord())
      .when(cmd('RecordPaceReview'))
      .thenRefused('wrong_profile', { profile: 'ua_criminal_208' });
  });
  test('force used is recorded once per officer', () => {
    const { events } = scenario()
      .given(...openRecord())
      .when(cmd('RecordForceUsed'))
      .thenEvents(
        { type: 'ForceUsed', payload: { officerId: 'officer-1' } },
        { type: 'ForceUsed', payload: { officerId: 'duty-1' } },
      );
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });
});
