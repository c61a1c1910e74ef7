import { createPublicKey, randomUUID, verify } from 'node:crypto';
import type {
  ComplianceCounts,
  ComplianceFindingsPage,
  ComplianceReport,
  DeviceEntryResult,
  DeviceList,
  DeviceView,
  RecordView,
} from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { TEST_PASSWORD, type SignedIn } from '../../test/http/harness.ts';
import { testDevice, type TestDevice } from '../../test/http/test-device.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';
import { devicePublicKey } from './device-signature.ts';
import { deviceStream } from './device-stream.ts';

const MIN = 60_000;

describe.each(DIALECTS)('devices: enrolment, offline sync, revocation on %s', (dialect) => {
  let h: CustodyHarness;
  let officer: SignedIn;
  let supervisor: SignedIn;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    officer = await h.signIn('duty_inspector');
    supervisor = await h.signIn('supervisor');
  }, 60_000);
  afterAll(() => h.close());

  const post = (who: SignedIn, url: string, payload: unknown) =>
    h.app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object });
  const get = (who: SignedIn, url: string) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  async function enrol(d: TestDevice, who = officer) {
    const r = await post(who, '/api/v1/devices', {
      deviceId: d.deviceId,
      name: 'Планшет 1',
      algorithm: d.algorithm,
      publicKey: d.publicKey,
      password: TEST_PASSWORD,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<DeviceView>();
  }

  /**
   * Sends entries as the outbox does: the signed text and the signature, nothing else, with an
   * Idempotency-Key (a fresh one unless given; null sends none).
   */
  const sync = (
    d: TestDevice,
    entries: readonly { signed: string; signature: string }[],
    who = officer,
    key: string | null = randomUUID(),
  ) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${d.deviceId}/entries`,
      headers: { ...who.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload: { entries: entries.map(({ signed, signature }) => ({ signed, signature })) },
    });

  const now = () => h.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  test('the server time route answers the server clock, uncached, to anyone', async () => {
    const r = await h.app.inject({ url: '/api/v1/time' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json()).toEqual({ serverTime: h.clock.now().toISOString(), epochMs: now() });
  });

  test('enrolment is an entry of the log; only device users enrol; an id enrols once', async () => {
    const d = await testDevice();
    const before = await h.logSize();
    const view = await enrol(d);
    expect(view).toMatchObject({ deviceId: d.deviceId, lastSeq: 0, revokedAt: null });
    const [leaf] = await h.store.readStream(deviceStream(d.deviceId));
    expect(leaf).toMatchObject({ type: 'DeviceEnrolled', logIndex: before });
    expect(leaf?.payload).toMatchObject({ publicKey: d.publicKey, userId: officer.userId });
    expect(view.enrolLogIndex).toBe(before);
    expect((await post(officer, '/api/v1/devices', { ...body(d) })).statusCode).toBe(409);
    const other = await testDevice();
    const refused = await post(supervisor, '/api/v1/devices', body(other));
    expect(refused.statusCode).toBe(403);
    const wrongKey = await post(officer, '/api/v1/devices', {
      ...body(other),
      algorithm: 'ECDSA-P256',
    });
    expect(wrongKey.statusCode).toBe(400);
    expect(await h.logSize()).toBe(before + 1);
  });

  test('enrolment asks the officer’s password and a name for the tablet; a wrong password, an empty or long name are refused, storing nothing', async () => {
    const d = await testDevice();
    const before = await h.logSize();
    const refusals = [
      [{ ...body(d), password: 'not the password' }, 403, 'wrong_password'],
      [{ ...body(d), password: '' }, 400, 'invalid_request'],
      [{ ...body(d), password: undefined }, 400, 'invalid_request'],
      [{ ...body(d), name: '' }, 400, 'invalid_request'],
      [{ ...body(d), name: '   ' }, 400, 'invalid_request'],
      [{ ...body(d), name: 'П'.repeat(61) }, 400, 'invalid_request'],
    ] as const;
    for (const [payload, status, code] of refusals) {
      const r = await post(officer, '/api/v1/devices', payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json<{ code: string }>().code).toBe(code);
    }
    expect(await h.logSize()).toBe(before);
    const mine = (await get(officer, '/api/v1/devices')).json<DeviceList>();
    expect(mine.items.some((x) => x.deviceId === d.deviceId)).toBe(false);
    const named = await post(officer, '/api/v1/devices', {
      ...body(d),
      name: `  ${'П'.repeat(60)}  `,
    });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json<DeviceView>().name).toBe('П'.repeat(60));
    const [leaf] = await h.store.readStream(deviceStream(d.deviceId));
    expect(JSON.stringify(leaf?.payload)).not.toContain(TEST_PASSWORD);
  });

  test('wrong passwords at enrolment count as failed sign-ins: the account locks', async () => {
    const who = await h.signIn('detaining_officer');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const d = await testDevice();
      const r = await post(who, '/api/v1/devices', { ...body(d), password: `wrong ${String(i)}` });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const d = await testDevice();
    const locked = await post(who, '/api/v1/devices', body(d));
    expect(locked.statusCode).toBe(429);
    expect(locked.json<{ code: string }>().code).toBe('locked_out');
  });

  function body(d: TestDevice) {
    return {
      deviceId: d.deviceId,
      name: 'Т',
      algorithm: d.algorithm,
      publicKey: d.publicKey,
      password: TEST_PASSWORD,
    };
  }

  test.each(['Ed25519', 'ECDSA-P256'] as const)(
    '%s: entries made offline reach the log in device order, with the signed bytes in the leaf; a repeat answers the same',
    async (algorithm) => {
      const d = await testDevice(algorithm, h.clock.now);
      await enrol(d);
      const recordId = randomUUID();
      const t = now();
      const made = [
        await d.entry(officer.userId, {
          type: 'RecordDetention',
          recordId,
          occurredAt: iso(t - 2 * MIN),
          payload: detentionPayload({ bodycamRefs: [{ cameraId: 'BWC-0042' }] }),
        }),
        await d.entry(officer.userId, {
          type: 'MoveDetainee',
          recordId,
          occurredAt: iso(t - MIN),
          payload: {
            to: { description: 'Службовий автомобіль' },
            purpose: 'Доставлення',
            escort: [],
          },
        }),
      ];
      h.clock.advance(3600);
      const entries = made.map(({ signed, signature }) => ({ signed, signature }));
      const r = await sync(d, entries);
      expect(r.statusCode, r.body).toBe(200);
      const results = r.json<{ results: DeviceEntryResult[] }>().results;
      expect(results.map((x) => [x.seq, x.status, x.chain, x.late])).toEqual([
        [1, 'accepted', 'ok', false],
        [2, 'accepted', 'ok', false],
      ]);
      const size = await h.logSize();
      const again = await sync(d, entries);
      expect(again.json()).toEqual(r.json());
      expect(await h.logSize()).toBe(size);

      const leaves = await h.store.readStream(deviceStream(d.deviceId));
      expect(leaves.map((l) => l.type)).toEqual([
        'DeviceEnrolled',
        'DeviceEntryReceived',
        'DeviceEntryReceived',
      ]);
      // Checked here with OpenSSL (node:crypto), independently of the ledger's rule.
      expect(devicePublicKey(algorithm, d.publicKey)).not.toBeNull();
      const key = createPublicKey({
        key: Buffer.from(d.publicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
      for (const [i, leaf] of leaves.slice(1).entries()) {
        const p = leaf.payload as { signed: string; signature: string; entryId: string };
        expect(p.signed).toBe(made[i]?.signed);
        expect(leaf.logIndex).toBe(results[i]?.logIndex);
        const bytes = Buffer.from(p.signed, 'utf8');
        const sig = Buffer.from(p.signature, 'base64');
        const ok =
          algorithm === 'Ed25519'
            ? verify(null, bytes, key, sig)
            : verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig);
        expect(ok).toBe(true);
      }
      const record = await get(officer, `/api/v1/records/${recordId}`);
      expect(record.statusCode, record.body).toBe(200);
      const view = record.json<RecordView>();
      expect(view.timeline.map((e) => e.eventId)).toEqual(made.map((m) => m.body.entryId));
      expect(view.timeline.map((e) => e.logIndex)).toEqual(
        results.flatMap((x) => x.recordLogIndexes),
      );
      expect(view.timeline[0]?.device).toMatchObject({ deviceId: d.deviceId, seq: 1, chain: 'ok' });
      expect(view.flags.lateEntries).toBe(0);
    },
  );

  test('a device clock 20 minutes fast: late is judged on the corrected device time; the record shows both times and the offset', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const t = now();
    const fast = t + 20 * MIN;
    const opened = await d.entry(
      officer.userId,
      { type: 'RecordDetention', recordId, occurredAt: iso(t), payload: detentionPayload() },
      { deviceTime: iso(fast), offsetMs: -20 * MIN },
    );
    const lateOne = await d.entry(
      officer.userId,
      {
        type: 'MoveDetainee',
        recordId,
        occurredAt: iso(t + MIN),
        payload: { to: { description: 'Авто' }, purpose: 'Доставлення', escort: [] },
      },
      { deviceTime: iso(fast + 40 * MIN), offsetMs: -20 * MIN },
    );
    h.clock.advance(2 * 3600);
    const r = await sync(
      d,
      [opened, lateOne].map(({ signed, signature }) => ({ signed, signature })),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ results: DeviceEntryResult[] }>().results.map((x) => x.late)).toEqual([
      false,
      true,
    ]);
    const view = (await get(officer, `/api/v1/records/${recordId}`)).json<RecordView>();
    const first = view.timeline[0];
    expect(first?.late).toBe(false);
    expect(first?.device).toMatchObject({
      deviceTime: iso(fast),
      offsetMs: -20 * MIN,
      correctedTime: iso(t),
      receivedAt: h.clock.now().toISOString(),
    });
    // The record names the device leaf that keeps the signed bytes, as the sync answered.
    expect(first?.device?.deviceLogIndex).toBe(
      r.json<{ results: DeviceEntryResult[] }>().results[0]?.logIndex,
    );
    expect(first?.recordedAt).toBe(h.clock.now().toISOString());
    expect(view.flags.lateEntries).toBe(1);
    // The compliance report judges them the same way: both arrived two hours after the event,
    // only the move was saved late on the tablet (40 minutes after it, corrected).
    const report = await get(
      supervisor,
      `/api/v1/reports/compliance?from=${iso(t - 3600_000)}&to=${iso(t + 3 * 3600_000)}`,
    );
    expect(report.statusCode, report.body).toBe(200);
    const late = report
      .json<ComplianceReport>()
      .units.flatMap((u) => u.lateEntries.findings)
      .filter((f) => f.recordId === recordId);
    expect(late.map((f) => [f.eventId, f.minutes])).toEqual([[lateOne.body.entryId, 39]]);
    // So do the counts and the drill-down (the record in custody folded there, its device
    // stamps read for all such records at once).
    const unitId = report
      .json<ComplianceReport>()
      .units.find((u) => u.lateEntries.findings.some((f) => f.recordId === recordId))?.unitId;
    const period = `from=${iso(t - 3600_000)}&to=${iso(t + 3 * 3600_000)}`;
    const counts = await get(supervisor, `/api/v1/reports/compliance/counts?${period}`);
    expect(counts.statusCode, counts.body).toBe(200);
    const whole = report.json<ComplianceReport>().units.find((u) => u.unitId === unitId);
    expect(
      counts.json<ComplianceCounts>().units.find((u) => u.unitId === unitId)?.figures['lateEntries']
        ?.count,
    ).toBe(whole?.lateEntries.count);
    const page = await get(
      supervisor,
      `/api/v1/reports/compliance/findings?unitId=${unitId ?? ''}&figure=lateEntries&${period}`,
    );
    expect(page.statusCode, page.body).toBe(200);
    expect(
      page
        .json<ComplianceFindingsPage>()
        .findings.filter((f) => f.recordId === recordId)
        .map((f) => [f.eventId, f.minutes]),
    ).toEqual([[lateOne.body.entryId, 39]]);
  });

  test('a gap and a fork are stored, flagged on the record and counted on the supervisor’s list', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const t = now();
    const move = (n: number) => ({
      type: 'MoveDetainee' as const,
      recordId,
      occurredAt: iso(t + n * 1000),
      payload: { to: { description: `Місце ${String(n)}` }, purpose: 'Рух', escort: [] },
    });
    const e1 = await d.entry(officer.userId, {
      type: 'RecordDetention',
      recordId,
      occurredAt: iso(t),
      payload: detentionPayload(),
    });
    const e3 = await d.entry(officer.userId, move(3), { seq: 3 });
    const fork = await d.entry(officer.userId, move(2), { seq: 2, prevHash: '0'.repeat(64) });
    const r = await sync(
      d,
      [e1, e3, fork].map(({ signed, signature }) => ({ signed, signature })),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ results: DeviceEntryResult[] }>().results.map((x) => x.chain)).toEqual([
      'ok',
      'gap',
      'fork',
    ]);
    const view = (await get(officer, `/api/v1/records/${recordId}`)).json<RecordView>();
    expect(view.flags.deviceChainBreaks).toBe(2);
    const list = (await get(supervisor, '/api/v1/devices')).json<DeviceList>();
    expect(list.items.find((x) => x.deviceId === d.deviceId)).toMatchObject({
      gaps: 1,
      forks: 1,
      lastSeq: 3,
    });
    const own = (await get(officer, '/api/v1/devices')).json<DeviceList>();
    expect(own.items.every((x) => x.userId === officer.userId)).toBe(true);
  });

  test('bad signatures, foreign entries and reused ids are refused whole, storing nothing', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const cmd = {
      type: 'RecordDetention' as const,
      recordId,
      occurredAt: iso(now()),
      payload: detentionPayload(),
    };
    const good = await d.entry(officer.userId, cmd);
    const size = await h.logSize();
    const forged = { signed: good.signed.replace('Шевчук', 'Шевчен'), signature: good.signature };
    const cases: [{ signed: string; signature: string }, number, string][] = [
      [forged, 422, 'bad_device_signature'],
      [{ signed: ` ${good.signed}`, signature: good.signature }, 422, 'invalid_device_entry'],
      [await d.entry('someone-else', cmd, { seq: 1 }), 422, 'invalid_device_entry'],
    ];
    for (const [entry, status, code] of cases) {
      const r = await sync(d, [good, entry]);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json<{ code: string }>().code).toBe(code);
    }
    expect(await h.logSize()).toBe(size);
    expect((await sync(d, [good])).statusCode).toBe(200);
    const reused = await d.entry(officer.userId, cmd, { entryId: good.body.entryId, seq: 1 });
    const r = await sync(d, [reused]);
    expect(r.statusCode).toBe(409);
    expect(r.json<{ code: string }>().code).toBe('device_entry_conflict');
  });

  test('a refused command is kept as the entry’s answer, and the chain goes on', async () => {
    const d = await testDevice();
    await enrol(d);
    const e = await d.entry(officer.userId, {
      type: 'MoveDetainee',
      recordId: randomUUID(),
      occurredAt: iso(now()),
      payload: { to: { description: 'x' }, purpose: 'x', escort: [] },
    });
    const r = await sync(d, [e]);
    expect(r.statusCode).toBe(200);
    const [result] = r.json<{ results: DeviceEntryResult[] }>().results;
    expect(result).toMatchObject({ status: 'refused', problem: { code: 'not_found' } });
    expect(result?.recordLogIndexes).toEqual([]);
  });

  test('revocation: by the supervisor or an admin only; later entries refused, earlier ones stay', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const e1 = await d.entry(officer.userId, {
      type: 'RecordDetention',
      recordId,
      occurredAt: iso(now()),
      payload: detentionPayload(),
    });
    expect((await sync(d, [e1])).statusCode).toBe(200);
    const url = `/api/v1/devices/${d.deviceId}/revoke`;
    expect((await post(officer, url, { reason: 'Втрачено' })).statusCode).toBe(404);
    const otherSupervisor = await h.signIn('supervisor', { unitId: h.units.other });
    expect((await post(otherSupervisor, url, { reason: 'Втрачено' })).statusCode).toBe(404);
    const revoked = await post(supervisor, url, { reason: 'Втрачено' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json<DeviceView>().revokedAt).toBe(h.clock.now().toISOString());
    const leaves = await h.store.readStream(deviceStream(d.deviceId));
    expect(leaves.at(-1)?.type).toBe('DeviceRevoked');
    const size = await h.logSize();
    const e2 = await d.entry(officer.userId, {
      type: 'MoveDetainee',
      recordId,
      occurredAt: iso(now()),
      payload: { to: { description: 'x' }, purpose: 'x', escort: [] },
    });
    const refused = await sync(d, [e2]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('device_revoked');
    expect(await h.logSize()).toBe(size);
    const view = (await get(officer, `/api/v1/records/${recordId}`)).json<RecordView>();
    expect(view.timeline[0]?.device?.seq).toBe(1);
  });

  test('each batch carries an Idempotency-Key: none is 400, a repeat answers the original, another batch under it 422', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const first = await d.entry(officer.userId, {
      type: 'RecordDetention',
      recordId,
      occurredAt: iso(now()),
      payload: detentionPayload(),
    });
    const size = await h.logSize();
    const none = await sync(d, [first], officer, null);
    expect(none.statusCode).toBe(400);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json<{ code: string }>().code).toBe('invalid_request');
    expect(await h.logSize()).toBe(size);

    const key = `device-batch-${randomUUID()}`;
    const r = await sync(d, [first], officer, key);
    expect(r.statusCode, r.body).toBe(200);
    const grown = await h.logSize();
    const again = await sync(d, [first], officer, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(r.json());
    expect(await h.logSize()).toBe(grown);

    const second = await d.entry(officer.userId, {
      type: 'MoveDetainee',
      recordId,
      occurredAt: iso(now()),
      payload: { to: { description: 'x' }, purpose: 'x', escort: [] },
    });
    const reused = await sync(d, [first, second], officer, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json<{ code: string }>().code).toBe('idempotency_key_reused');
    expect(await h.logSize()).toBe(grown);
    const doc = await h.app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const op = doc.json<{
      paths: Record<string, { post?: { parameters?: { name: string; required?: boolean }[] } }>;
    }>().paths['/api/v1/devices/{id}/entries']?.post;
    expect(op?.parameters?.find((x) => x.name === 'Idempotency-Key')?.required).toBe(true);
  });

  test('the supervisor’s dashboard: devices of their unit with entries and breaks; an admin sees all; other roles are refused', async () => {
    const d = await testDevice();
    await enrol(d);
    const recordId = randomUUID();
    const e1 = await d.entry(officer.userId, {
      type: 'RecordDetention',
      recordId,
      occurredAt: iso(now()),
      payload: detentionPayload(),
    });
    const fork = await d.entry(
      officer.userId,
      {
        type: 'MoveDetainee',
        recordId,
        occurredAt: iso(now()),
        payload: { to: { description: 'x' }, purpose: 'x', escort: [] },
      },
      { seq: 1, prevHash: '1'.repeat(64) },
    );
    expect((await sync(d, [e1])).statusCode).toBe(200);
    const forked = await sync(d, [fork]);
    expect(forked.statusCode, forked.body).toBe(200);
    const [result] = forked.json<{ results: DeviceEntryResult[] }>().results;
    const mine = (await get(supervisor, '/api/v1/devices')).json<DeviceList>();
    expect(mine.items.find((x) => x.deviceId === d.deviceId)).toMatchObject({
      userId: officer.userId,
      entries: 2,
      forks: 1,
      breaks: [
        { entryId: fork.body.entryId, seq: 1, chain: 'fork', recordId, logIndex: result?.logIndex },
      ],
    });
    const admin = await h.signIn('admin');
    const all = (await get(admin, '/api/v1/devices')).json<DeviceList>();
    expect(all.items.some((x) => x.deviceId === d.deviceId)).toBe(true);
    const otherSupervisor = await h.signIn('supervisor', { unitId: h.units.other });
    const theirs = (await get(otherSupervisor, '/api/v1/devices')).json<DeviceList>();
    expect(theirs.items.some((x) => x.deviceId === d.deviceId)).toBe(false);
    for (const role of ['investigator', 'medical', 'hq', 'monitor', 'lawyer'] as const) {
      const who = await h.signIn(role);
      const r = await get(who, '/api/v1/devices');
      expect(r.statusCode, role).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });

  test('every problem answered is documented for its route', () => {
    expect(undocumentedProblems()).toEqual([]);
  });
});
