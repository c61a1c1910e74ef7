import type { CommandResult, Obligation, Role, Whiteboard } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { WALK } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { custodyClient, ok, signInAll, viewOf, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';

const OPEN = new Set(['upcoming', 'warning', 'overdue']);
const HOUR = 3600;

describe.each(DIALECTS)('the whiteboard on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
  });
  afterAll(() => h.close());

  async function board(as: SignedIn): Promise<Whiteboard> {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/whiteboard`,
      headers: { cookie: as.cookie },
    });
    return ok<Whiteboard>(r, 200);
  }

  const withoutExplanation = ({ explanation: _, ...rest }: Obligation) => rest;

  test('each row is the record page’s open obligations and status, as custody goes on', async () => {
    // Every entry but the release: interrogation, PACE, martial law, reclassification, checks...
    const walked = await walk(h, users, WALK.slice(0, -1));
    const { recordId } = walked;
    let version = walked.version;
    const c = custodyClient(h);
    const add = async (type: CommandType, payload: unknown, role: Role = 'duty_inspector') => {
      const r = ok<CommandResult>(
        await c.command(users[role], recordId, type, {
          occurredAt: h.clock.now().toISOString(),
          expectedVersion: version,
          payload,
        }),
      );
      version = r.version;
    };
    const check = { condition: 'Спокійний', roused: true, concern: false };
    const compare = async () => {
      // Hours pass between looks, longer than a session lasts.
      const duty = await h.signIn('duty_inspector');
      const row = (await board(duty)).rows.find((x) => x.summary.id === recordId);
      const view = await viewOf(h, duty, recordId);
      const open = view.obligations
        .filter((o) => OPEN.has(o.status))
        .sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'));
      // The same obligations, less the explanation the board does not show.
      const { nextDue, mostUrgent, ...summary } = view.summary;
      expect(row?.summary).toEqual({
        ...summary,
        nextDue: nextDue && withoutExplanation(nextDue),
        mostUrgent: mostUrgent && withoutExplanation(mostUrgent),
      });
      expect(row?.obligations).toEqual(open.map(withoutExplanation));
      expect(JSON.stringify(row)).not.toContain('"explanation"');
      expect(row?.outstandingNotifications).toEqual(
        open.flatMap((o) => (o.kind === 'notification' ? [o.id.split(':')[1]] : [])),
      );
      expect(row?.nextCheckDueAt).toBe(open.find((o) => o.kind === 'cell_check')?.dueAt ?? null);
      return { row, view };
    };

    // Late checks and a late meal: history the record page lists and the whiteboard leaves out.
    for (let i = 0; i < 3; i++) {
      h.clock.advance(2 * HOUR);
      await add('RecordCellCheck', check);
    }
    h.clock.advance(7 * HOUR);
    await add('OfferMeal', { kind: 'main', accepted: true });
    const early = await compare();
    const history = early.view.obligations.filter((o) => o.status === 'met');
    expect(history.some((o) => o.kind === 'cell_check' && o.metLate === true)).toBe(true);
    expect(history.some((o) => o.kind === 'meal')).toBe(true);
    expect(early.row?.obligations.every((o) => OPEN.has(o.status))).toBe(true);

    h.clock.advance(20 * HOUR);
    await compare();
    h.clock.advance(250 * HOUR);
    const late = await compare();
    expect(late.row?.summary.worstStatus).not.toBe('ok');
  });

  test('mostUrgent ranks by legal weight (domain.md §4): the 72 h limit before an overdue court and routines', async () => {
    users = await signInAll(h); // the test before let sessions run out
    const steps = WALK.filter((s) => s.type === 'RecordDelivery' || s.type === 'RegisterDetainee');
    const { recordId } = await walk(h, users, steps);
    const rowOf = async (as: SignedIn) =>
      (await board(as)).rows.find((x) => x.summary.id === recordId)?.summary;
    const listed = async (as: SignedIn) => {
      const r = await h.app.inject({
        method: 'GET',
        url: `/api/v1/records?unitId=${h.units.own}&status=active`,
        headers: { cookie: as.cookie },
      });
      return ok<{ items: { id: string; mostUrgent: Obligation | null }[] }>(r, 200).items.find(
        (x) => x.id === recordId,
      );
    };

    // 2 h in: rights not yet explained (КПК ст. 208 ч. 4, tier 3), notifications (КПК ст. 213,
    // tier 4) and the cell check (tier 6) all overdue: the rights come first.
    h.clock.advance(2 * HOUR);
    let session = await h.signIn('duty_inspector');
    let view = await viewOf(h, session, recordId);
    expect(view.obligations.some((o) => o.kind === 'cell_check' && o.status === 'overdue')).toBe(
      true,
    );
    expect(view.obligations.some((o) => o.kind === 'notification' && o.status === 'overdue')).toBe(
      true,
    );
    expect(view.summary.mostUrgent?.kind).toBe('rights_explained');
    expect(view.summary.mostUrgent?.status).toBe('overdue');
    expect((await rowOf(session))?.mostUrgent?.id).toBe(view.summary.mostUrgent?.id);

    // 69 h in: suspicion notice (24 h) and court (60 h) overdue, rest overdue, the 72 h limit
    // (Конституція ст. 29; КПК ст. 211) in warning: the absolute limit comes first.
    h.clock.advance(67 * HOUR);
    session = await h.signIn('duty_inspector');
    view = await viewOf(h, session, recordId);
    const status = (id: string) => view.obligations.find((o) => o.id === id)?.status;
    expect(status('court_60h')).toBe('overdue');
    expect(status('suspicion_notice_24h')).toBe('overdue');
    expect(view.summary.mostUrgent).toMatchObject({ id: 'detention_limit_72h', status: 'warning' });
    const row = await rowOf(session);
    expect(row?.mostUrgent).toMatchObject({ id: 'detention_limit_72h', status: 'warning' });
    expect(row?.mostUrgent).not.toHaveProperty('explanation');
    expect((await listed(session))?.mostUrgent?.id).toBe('detention_limit_72h');
  });
});
