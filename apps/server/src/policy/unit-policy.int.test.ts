import type {
  CommandResult,
  ComplianceReport,
  Role,
  UnitPolicyView,
  Whiteboard,
} from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { WALK } from '../../test/http/command-walk.ts';
import { custodyClient, ok, signInAll, viewOf, walk } from '../../test/http/custody-client.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { unitPolicyStream } from '../streams.ts';

const MINUTE = 60;

describe.each(DIALECTS)('a unit’s policy on %s (domain.md §4, issue 14 point 3)', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let supervisor: SignedIn;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    supervisor = users.supervisor;
  });
  afterAll(() => h.close());

  const read = async (as: SignedIn, unitId = h.units.own) =>
    h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${unitId}/policy`,
      headers: { cookie: as.cookie },
    });
  const change = (as: SignedIn | null, body: unknown, unitId = h.units.own) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/units/${unitId}/policy/changes`,
      ...(as === null ? {} : { headers: as.headers }),
      payload: body as Record<string, unknown>,
    });

  test('its staff read it: each figure labelled unit policy, modelled on Code C where it is', async () => {
    const view = ok<UnitPolicyView>(await read(users.duty_inspector), 200);
    expect(view.version).toBe(0);
    expect(view.canChange).toBe(false);
    expect(view.history).toEqual([]);
    const check = view.fields.find((f) => f.key === 'cellCheckMinutes');
    expect(check).toEqual({
      key: 'cellCheckMinutes',
      minutes: 60,
      installationMinutes: 60,
      min: 5,
      max: 240,
      basis: {
        uk: 'політика підрозділу; за зразком англійського Кодексу практики C, п. 9.3',
        en: 'unit policy, modelled on PACE Code C 9.3',
      },
    });
    expect(view.fields.find((f) => f.key === 'rightsOverdueMinutes')?.basis.en).toBe('unit policy');
    // Statutory limits are not the unit's to set.
    const keys = view.fields.map((f) => f.key);
    expect(keys).not.toContain('interrogationDailyMinutes');
    expect(keys).not.toContain('timeZone');
    expect(ok<UnitPolicyView>(await read(supervisor), 200).canChange).toBe(true);
  });

  test('only the unit’s supervisor changes it; bad input is a problem and stores nothing', async () => {
    const size = await h.logSize();
    const body = { expectedVersion: 0, values: { cellCheckMinutes: 30 }, reason: 'Наказ № 12' };
    expect((await change(null, body)).statusCode).toBe(401);
    for (const role of ['duty_inspector', 'custody_inspector', 'admin', 'hq', 'monitor'] as const) {
      const r = await change(users[role], body);
      expect(r.statusCode, role).toBe(403);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const elsewhere = await h.signIn('supervisor', { unitId: h.units.other });
    expect((await change(elsewhere, body)).statusCode).toBe(403);

    const bad = async (payload: unknown, status = 400) => {
      const r = await change(supervisor, payload);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      return r.json<{ code: string; errors?: { path: string }[] }>();
    };
    const paths = (p: { errors?: { path: string }[] }) => (p.errors ?? []).map((e) => e.path);
    expect(paths(await bad({ ...body, values: { cellCheckMinutes: 2 } }))).toContain(
      'body.values.cellCheckMinutes',
    );
    expect(
      paths(await bad({ ...body, values: { cellCheckMinutes: 20, atRiskCellCheckMinutes: 25 } })),
    ).toEqual(['body.values.atRiskCellCheckMinutes']);
    // A statutory limit (КПК ст. 224: 8 h a day) cannot be set.
    await bad({ ...body, values: { interrogationDailyMinutes: 600 } });
    await bad({ ...body, values: {} });
    await bad({ ...body, reason: '' });
    expect(paths(await bad({ ...body, values: { cellCheckMinutes: 60 } }))).toEqual([
      'body.values',
    ]);
    expect((await bad({ ...body, expectedVersion: 3 }, 409)).code).toBe('version_conflict');
    expect(await h.logSize()).toBe(size);
    expect(ok<UnitPolicyView>(await read(supervisor), 200).version).toBe(0);
  });

  test('a change is an entry in the log: who, when, the old and new figures, and why', async () => {
    const before = ok<UnitPolicyView>(await read(supervisor), 200);
    const after = ok<UnitPolicyView>(
      await change(supervisor, {
        expectedVersion: before.version,
        values: { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 },
        reason: 'Наказ начальника № 12: частіші перевірки',
      }),
      201,
    );
    expect(after.version).toBe(before.version + 1);
    expect(after.fields.find((f) => f.key === 'cellCheckMinutes')?.minutes).toBe(30);
    expect(after.fields.find((f) => f.key === 'cellCheckMinutes')?.installationMinutes).toBe(60);
    const [entry] = after.history;
    expect(entry).toMatchObject({
      at: h.clock.now().toISOString(),
      by: { id: supervisor.userId },
      reason: 'Наказ начальника № 12: частіші перевірки',
      changes: [
        { key: 'cellCheckMinutes', from: 60, to: 30 },
        { key: 'cellCheckWarningMinutes', from: 10, to: 5 },
      ],
    });
    const stored = await h.store.readStream(unitPolicyStream(h.units.own));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'UnitPolicyChanged',
      logIndex: entry?.logIndex,
      actor: { id: supervisor.userId, role: 'supervisor' },
      payload: {
        unitId: h.units.own,
        from: { cellCheckMinutes: 60, cellCheckWarningMinutes: 10 },
        to: { cellCheckMinutes: 30, cellCheckWarningMinutes: 5 },
        changed: ['cellCheckMinutes', 'cellCheckWarningMinutes'],
        reason: 'Наказ начальника № 12: частіші перевірки',
      },
    });
    // The other unit keeps the installation's figures.
    const other = await h.signIn('duty_inspector', { unitId: h.units.other });
    const theirs = ok<UnitPolicyView>(await read(other, h.units.other), 200);
    expect(theirs.fields.find((f) => f.key === 'cellCheckMinutes')?.minutes).toBe(60);
    // A stale version is refused: someone changed it since.
    const stale = await change(supervisor, {
      expectedVersion: before.version,
      values: { cellCheckMinutes: 45 },
      reason: 'Повтор',
    });
    expect(stale.statusCode).toBe(409);
  });

  test('the record page, whiteboard, list and report take each interval from the policy in force when it started', async () => {
    users = await signInAll(h);
    const steps = WALK.filter((s) => s.type === 'RecordDelivery' || s.type === 'RegisterDetainee');
    const { recordId, version: v0 } = await walk(h, users, steps);
    const c = custodyClient(h);
    let version = v0;
    const checkAt = async () => {
      const r = ok<CommandResult>(
        await c.command(users.duty_inspector, recordId, 'RecordCellCheck', {
          occurredAt: h.clock.now().toISOString(),
          expectedVersion: version,
          payload: { condition: 'Спокійний', roused: false, concern: false },
        }),
      );
      version = r.version;
      return h.clock.now().getTime();
    };
    const due = (from: number, minutes: number) => new Date(from + minutes * 60_000).toISOString();
    const agree = async () => {
      const view = await viewOf(h, users.duty_inspector, recordId);
      const next = view.obligations.find((o) => o.id === 'cell_check:next');
      const board = ok<Whiteboard>(
        await h.app.inject({
          method: 'GET',
          url: `/api/v1/units/${h.units.own}/whiteboard`,
          headers: { cookie: users.duty_inspector.cookie },
        }),
        200,
      );
      const row = board.rows.find((x) => x.summary.id === recordId);
      expect(row?.nextCheckDueAt).toBe(next?.dueAt);
      return next;
    };
    // The policy now says 30 min (the test before); a check starts a 30-minute interval.
    const first = await checkAt();
    let next = await agree();
    expect(next?.dueAt).toBe(due(first, 30));
    expect(next?.warnAt).toBe(due(first, 25));
    expect(next?.explanation.uk).toContain('кожні 30 хв');
    expect(next?.explanation.uk).toContain('політика підрозділу');
    // 45 minutes later: 15 minutes late under the unit's policy (not under the installation's 60).
    h.clock.advance(45 * MINUTE);
    const second = await checkAt();
    // The supervisor relaxes it to 90 min: the interval running since the last check keeps 30.
    h.clock.advance(MINUTE);
    const view = ok<UnitPolicyView>(await read(supervisor), 200);
    ok<UnitPolicyView>(
      await change(supervisor, {
        expectedVersion: view.version,
        values: { cellCheckMinutes: 90 },
        reason: 'Після ремонту відеонагляду',
      }),
      201,
    );
    h.clock.advance(MINUTE);
    next = await agree();
    expect(next?.dueAt).toBe(due(second, 30));
    // The next interval starts under the new policy.
    h.clock.advance(10 * MINUTE);
    const third = await checkAt();
    next = await agree();
    expect(next?.dueAt).toBe(due(third, 90));

    const late = (await viewOf(h, users.duty_inspector, recordId)).obligations.filter(
      (o) => o.kind === 'cell_check' && o.metLate === true,
    );
    expect(late.map((o) => o.dueAt)).toEqual([due(first, 30)]);
    const listed = ok<{ items: { id: string; nextDue: { dueAt: string | null } | null }[] }>(
      await h.app.inject({
        method: 'GET',
        url: `/api/v1/records?unitId=${h.units.own}&status=active`,
        headers: { cookie: users.duty_inspector.cookie },
      }),
      200,
    ).items.find((x) => x.id === recordId);
    const page = await viewOf(h, users.duty_inspector, recordId);
    expect(listed?.nextDue?.dueAt).toBe(page.summary.nextDue?.dueAt);

    const from = new Date(h.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
    const report = ok<ComplianceReport>(
      await h.app.inject({
        method: 'GET',
        url: `/api/v1/reports/compliance?unitId=${h.units.own}&from=${from}&to=${to}`,
        headers: { cookie: (await h.signIn('supervisor')).cookie },
      }),
      200,
    );
    const lateChecks = report.units[0]?.cellChecks.late.findings.filter(
      (f) => f.recordId === recordId,
    );
    expect(lateChecks?.map((f) => f.minutes)).toEqual([15]);
  });
});
