import type { AddressInfo } from 'node:net';
import { Whiteboard, type CommandResult, type Role, type Room } from '@custody/contracts';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { CommandType } from '@custody/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeUnitPolicy } from '../../test/http/unit-policy.ts';
import { DIALECTS } from '../../test/databases.ts';
import { TRANSFER, WALK } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { custodyClient, ok, signInAll, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { openDatabase } from '../db/database.ts';
import { BoardStamps, boardStamp } from './whiteboard.ts';

const SECOND = 1000;

/**
 * The whiteboard computed once and served to many (issue 18 point 4) over real HTTP: the server
 * listens on loopback and is asked with fetch. The harness's clock stands still unless a test
 * moves it, so a board that changes without the clock moving was changed by the stamp check.
 */
describe.each(DIALECTS)('the whiteboard served from its cache on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let url = '';

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${String((h.app.server.address() as AddressInfo).port)}`;
  });
  afterAll(() => h.close());

  interface Got {
    readonly status: number;
    readonly etag: string | null;
    readonly text: string;
    readonly board: Whiteboard | null;
  }

  /** A reader: a signed-in person, or the headers of an API token. */
  type Reader = SignedIn | { readonly authorization: string };

  async function get(as: Reader, headers: Record<string, string> = {}): Promise<Got> {
    const who: Record<string, string> =
      'cookie' in as ? { cookie: as.cookie } : { authorization: as.authorization };
    const r = await fetch(`${url}/api/v1/units/${h.units.own}/whiteboard`, {
      headers: { ...who, ...headers },
    });
    const text = await r.text();
    return {
      status: r.status,
      etag: r.headers.get('etag'),
      text,
      board: r.status === 200 ? (JSON.parse(text) as Whiteboard) : null,
    };
  }

  async function board(as: SignedIn): Promise<Whiteboard> {
    const got = await get(as);
    if (got.board === null) throw new Error(`whiteboard: ${got.status} ${got.text}`);
    return got.board;
  }

  const c = () => custodyClient(h);

  /** One command now, without moving the clock. */
  async function command(
    as: SignedIn,
    recordId: string,
    type: CommandType,
    version: number,
    payload: unknown,
  ) {
    return ok<CommandResult>(
      await c().command(as, recordId, type, {
        occurredAt: h.clock.now().toISOString(),
        expectedVersion: version,
        payload,
      }),
    );
  }

  const deliveredAndRegistered = WALK.filter(
    (s) => s.type === 'RecordDelivery' || s.type === 'RegisterDetainee',
  );

  test('one board for every request while nothing changes; an entry shows on the next request, the clock standing still', async () => {
    users = await signInAll(h);
    const { recordId, version } = await walk(h, users, deliveredAndRegistered);
    const first = await get(users.duty_inspector);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const row = first.board?.rows.find((r) => r.summary.id === recordId);
    expect(row?.summary.version).toBe(version);

    // The same bytes again, and half a second later still (the board is at most 1 s behind).
    expect(await get(users.duty_inspector)).toEqual(first);
    h.clock.advance(0.5);
    const later = await get(users.duty_inspector);
    expect(later.etag).toBe(first.etag);
    expect(later.board?.now).toBe(first.board?.now);
    // fetch sends If-None-Match with Cache-Control: no-cache, as a browser's revalidation does.
    const unchanged = await get(users.duty_inspector, { 'if-none-match': first.etag ?? '' });
    expect(unchanged.status).toBe(304);
    expect(unchanged.etag).toBe(first.etag);

    // fetch asks for gzip, as a browser does; the same board uncompressed has a tag of its own.
    const response = await fetch(`${url}/api/v1/units/${h.units.own}/whiteboard`, {
      headers: { cookie: users.duty_inspector.cookie },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('accept-encoding');
    expect(await response.text()).toBe(first.text);
    const plain = await get(users.duty_inspector, { 'accept-encoding': 'identity' });
    expect(plain.text).toBe(first.text);
    expect(plain.etag).not.toBe(first.etag);

    // A cell check: the next request shows it, though the board is younger than a second.
    const checked = await command(users.duty_inspector, recordId, 'RecordCellCheck', version, {
      condition: 'Спокійний',
      roused: true,
      concern: false,
    });
    const after = await get(users.duty_inspector, { 'if-none-match': first.etag ?? '' });
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(first.etag);
    const checkedRow = after.board?.rows.find((r) => r.summary.id === recordId);
    expect(checkedRow?.summary.version).toBe(checked.version);
    expect(checkedRow?.nextCheckDueAt).not.toBe(row?.nextCheckDueAt);
    expect(after.board?.now).toBe(h.clock.now().toISOString());
  });

  test('a new detention delivered to the unit shows on the next request, a transfer out leaves it', async () => {
    users = await signInAll(h);
    const { recordId, version } = await walk(h, users, deliveredAndRegistered);
    const before = await board(users.duty_inspector);
    expect(before.rows.map((r) => r.summary.id)).toContain(recordId);

    // Opened now by an officer of the unit: on its board at once, and delivered to it.
    const opened = ok<CommandResult>(
      await c().open(users.detaining_officer, h.clock.now().toISOString()),
    );
    const fresh = opened.recordId;
    const withIt = await board(users.duty_inspector);
    expect(withIt.rows.map((r) => r.summary.id)).toContain(fresh);
    expect(withIt.rows).toHaveLength(before.rows.length + 1);
    const delivered = await command(
      users.detaining_officer,
      fresh,
      'RecordDelivery',
      opened.version,
      {
        unitId: h.units.own,
      },
    );
    const rowOf = async (id: string) =>
      (await board(users.duty_inspector)).rows.find((r) => r.summary.id === id);
    expect((await rowOf(fresh))?.summary.version).toBe(delivered.version);
    expect((await rowOf(fresh))?.summary.deliveredAt).toBe(h.clock.now().toISOString());

    // Transferred out (ІТТ): off the board at once.
    const refs = {
      users: {},
      events: {},
      unitId: h.units.own,
      now: h.clock.now().toISOString(),
      t0: h.clock.now().toISOString(),
    };
    await command(
      users.custody_inspector,
      recordId,
      'TransferDetainee',
      version,
      TRANSFER.payload(refs),
    );
    const without = await board(users.duty_inspector);
    expect(without.rows.map((r) => r.summary.id)).not.toContain(recordId);
    expect(without.rows).toHaveLength(before.rows.length);
    expect(without.now).toBe(before.now);
  });

  test('a reader without record.read_health never gets the view of one with it, whichever asks first', async () => {
    users = await signInAll(h);
    // The detainee consents to show health data to monitors (Code C Note 9E), not to others.
    const steps = WALK.filter((s) =>
      [
        'RecordDelivery',
        'RegisterDetainee',
        'RecordHealthDataConsent',
        'SetObservationLevel',
        'RequestApproval',
      ].includes(s.type),
    );
    const { recordId, version } = await walk(h, users, steps);
    const monitor = await h.signIn('monitor');
    await c().grant(
      users.supervisor,
      monitor,
      [h.units.own],
      new Date(h.clock.now().getTime() - 3600_000).toISOString(),
      new Date(h.clock.now().getTime() + 86_400_000).toISOString(),
    );
    const issued = await h.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: users.custody_inspector.headers,
      payload: {
        name: 'Табло чергової частини',
        scopes: ['records:read'],
        unitId: h.units.own,
        expiresAt: new Date(h.clock.now().getTime() + 86_400_000).toISOString(),
      },
    });
    const token = { authorization: `Bearer ${ok<{ token: string }>(issued).token}` };
    // The monitor and the token are offered the same commands (none): only what they may see
    // of the row differs, and so must the bytes they get.
    const withHealth: readonly Reader[] = [users.custody_inspector, users.medical, monitor];
    const without: readonly Reader[] = [users.detaining_officer, users.investigator, token];
    const rowOf = (got: Got) => got.board?.rows.find((r) => r.summary.id === recordId);

    const check = async (order: readonly Reader[]) => {
      const seen = new Map<Reader, Got>();
      for (const as of order) seen.set(as, await get(as));
      for (const as of withHealth) {
        const got = seen.get(as) as Got;
        expect(got.board?.commands.length === 0).toBe(as === monitor);
        const row = rowOf(got);
        expect(row?.summary.observationLevel).toBe('intermittent');
        expect(row?.pendingApprovals).toBe(1);
      }
      const health = seen.get(monitor) as Got;
      for (const as of without) {
        const got = seen.get(as) as Got;
        expect(got.status).toBe(200);
        expect(got.board?.commands.length === 0).toBe(as === token);
        expect(rowOf(got)?.summary.observationLevel).toBeNull();
        expect(rowOf(got)?.pendingApprovals).toBe(0);
        expect(got.text).not.toContain('intermittent');
        expect(got.etag).not.toBe(health.etag);
        // Naming the health view's tag gets the reader's own view, not "unchanged".
        const named = await get(as, { 'if-none-match': health.etag ?? '' });
        expect(named.status).toBe(200);
        expect(named.text).not.toContain('intermittent');
      }
    };
    // The health view computed first, then asked for by readers without the permission.
    await check([...withHealth, ...without]);
    // After an entry (a new board), the other way round.
    await command(users.duty_inspector, recordId, 'OfferDrink', version, { accepted: true });
    await check([...without, ...withHealth]);
  });

  test('a deadline that passes shows within one second of the clock', async () => {
    users = await signInAll(h);
    const { recordId } = await walk(h, users, deliveredAndRegistered);
    const start = await board(users.duty_inspector);
    const now = h.clock.now().getTime();
    const open = start.rows.find((r) => r.summary.id === recordId)?.obligations ?? [];
    const coming = open
      .filter(
        (o) => o.status !== 'overdue' && o.dueAt !== null && Date.parse(o.dueAt) > now + SECOND,
      )
      .sort((a, b) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? ''))[0];
    if (coming?.dueAt == null) throw new Error(`no deadline ahead: ${JSON.stringify(open)}`);
    const due = Date.parse(coming.dueAt);
    const statusOf = (b: Whiteboard) =>
      b.rows.find((r) => r.summary.id === recordId)?.obligations.find((o) => o.id === coming.id)
        ?.status;

    h.clock.advance((due - 400 - now) / SECOND);
    const before = await board(users.duty_inspector);
    expect(statusOf(before)).not.toBe('overdue');
    // 0.1 s past the deadline the board of 0.5 s ago may still be served ...
    h.clock.advance(0.5);
    const within = await board(users.duty_inspector);
    expect(within.now).toBe(before.now);
    expect(statusOf(within)).not.toBe('overdue');
    // ... but not once a second has passed since it was computed.
    h.clock.advance(0.5);
    const past = await board(users.duty_inspector);
    expect(past.now).toBe(new Date(due + 600).toISOString());
    expect(statusOf(past)).toBe('overdue');
  });

  test('the stamp a request compares changes with an entry, a record leaving, a policy change; the board’s authorization is unchanged', async () => {
    users = await signInAll(h);
    // As read for every request (kept while the database's change token is unchanged) and as
    // read from the database: the same after every kind of change.
    const stamps = new BoardStamps(h.database);
    const stampOf = async () => {
      const read = (await boardStamp(h.database, h.units.own))?.stamp;
      expect((await stamps.read(h.units.own))?.stamp).toBe(read);
      return read;
    };
    const { recordId, version } = await walk(h, users, deliveredAndRegistered);
    const s0 = await stampOf();
    expect(await stampOf()).toBe(s0);
    await command(users.duty_inspector, recordId, 'OfferDrink', version, { accepted: true });
    const s1 = await stampOf();
    expect(s1).not.toBe(s0);
    const { changed } = await changeUnitPolicy(
      h.app,
      h.units.own,
      users.supervisor,
      { cellCheckMinutes: 45 },
      'Перевірка кешу дошки',
    );
    expect(changed.statusCode).toBe(201);
    const s2 = await stampOf();
    expect(s2).not.toBe(s1);
    await command(users.custody_inspector, recordId, 'ReleaseDetainee', version + 1, {
      ground: 'investigator_decision',
      legalBasis: 'КПК ст. 211',
      propertyReturned: 'none_held',
      recordCopyHandedOver: true,
    });
    expect(await stampOf()).not.toBe(s2);

    // Refusals as before: another unit's staff 403, no session 401.
    const stranger = await h.signIn('duty_inspector', { unitId: h.units.other });
    expect((await get(stranger)).status).toBe(403);
    const anonymous = await fetch(`${url}/api/v1/units/${h.units.own}/whiteboard`);
    expect(anonymous.status).toBe(401);
  });
  test('what the stamp shortcut must not miss shows on the next request, the clock standing still: a write through another connection, a rename', async () => {
    users = await signInAll(h);
    await walk(h, users, deliveredAndRegistered);
    const first = await get(users.duty_inspector);
    expect(await get(users.duty_inspector)).toEqual(first);

    // Through another connection to the same database, as another process writes: nothing of
    // it passes through this server (on SQLite not even its connection).
    const other = openDatabase(h.database.url);
    try {
      await sql`UPDATE units SET name = ${'Відділ за іншим з’єднанням'} WHERE id = ${h.units.own}`.execute(
        other.db,
      );
    } finally {
      await other.close();
    }
    const renamed = await get(users.duty_inspector);
    expect(renamed.board?.unit.name).toBe('Відділ за іншим з’єднанням');
    expect(renamed.board?.now).toBe(first.board?.now);
    expect(renamed.etag).not.toBe(first.etag);

    // Renamed through this server (its own connection).
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/units/${h.units.own}`,
      headers: users.admin.headers,
      payload: { name: 'Відділ після перейменування' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await board(users.duty_inspector)).unit.name).toBe('Відділ після перейменування');
  });

  test('a room added, renamed, resized, closed shows on the next request, the clock standing still', async () => {
    users = await signInAll(h);
    await walk(h, users, deliveredAndRegistered);
    const first = await board(users.duty_inspector);
    const roomOf = async (id: string) =>
      (await board(users.duty_inspector)).rooms.find((r) => r.id === id);
    const rooms = (payload: unknown, id?: string) =>
      h.app.inject({
        method: id === undefined ? 'POST' : 'PATCH',
        url: id === undefined ? `/api/v1/units/${h.units.own}/rooms` : `/api/v1/rooms/${id}`,
        headers: users.admin.headers,
        payload: payload as Record<string, unknown>,
      });
    const added = ok<Room>(await rooms({ name: 'Камера 7', kind: 'cell', capacity: 2 }));
    expect(await roomOf(added.id)).toEqual({
      id: added.id,
      name: 'Камера 7',
      capacity: 2,
      occupants: 0,
    });
    ok<Room>(await rooms({ name: 'Камера 7А' }, added.id), 200);
    expect((await roomOf(added.id))?.name).toBe('Камера 7А');
    ok<Room>(await rooms({ capacity: 4 }, added.id), 200);
    expect((await roomOf(added.id))?.capacity).toBe(4);
    // A cell made an interview room holds no detainees: off the board, and back.
    ok<Room>(await rooms({ kind: 'interview' }, added.id), 200);
    expect(await roomOf(added.id)).toBeUndefined();
    ok<Room>(await rooms({ kind: 'cell' }, added.id), 200);
    expect(await roomOf(added.id)).toBeDefined();
    ok<Room>(await rooms({ active: false }, added.id), 200);
    expect(await roomOf(added.id)).toBeUndefined();
    ok<Room>(await rooms({ active: true }, added.id), 200);
    expect(await roomOf(added.id)).toBeDefined();

    // Renamed through another connection, as another server process would.
    const other = openDatabase(h.database.url);
    try {
      await sql`UPDATE rooms SET name = ${'Камера за іншим з’єднанням'} WHERE id = ${added.id}`.execute(
        other.db,
      );
    } finally {
      await other.close();
    }
    const last = await board(users.duty_inspector);
    expect(last.rooms.find((r) => r.id === added.id)?.name).toBe('Камера за іншим з’єднанням');
    // Every board above was computed at the clock of the first.
    expect(last.now).toBe(first.now);
  });

  test('the board is the bytes the route’s serializer writes for it (rows serialized in turns)', async () => {
    users = await signInAll(h);
    await walk(h, users, deliveredAndRegistered);
    const plain = await get(users.custody_inspector, { 'accept-encoding': 'identity' });
    expect(plain.board?.rows.length).toBeGreaterThan(1);
    const serialize = serializerCompiler({ schema: Whiteboard, method: 'GET', url: '/' });
    expect(plain.text).toBe(serialize(JSON.parse(plain.text) as Whiteboard));
  });
});
