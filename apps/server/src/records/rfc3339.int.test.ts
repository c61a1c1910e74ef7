import type { CommandResult, RecordProofs, Role } from '@custody/contracts';
import { canonicalJson, leafHash, toHex, verifierFromVkey } from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { custodyClient, ok, signInAll, viewOf } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';
import { verifyLog } from '../store/index.ts';

/** `iso` (a UTC instant) written as the local time of `offset` (±hh:mm), to the second. */
function withOffset(iso: string, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}

describe.each(DIALECTS)('RFC 3339 times with an offset over HTTP on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;

  beforeAll(async () => {
    h = await custodyHarness(dialect, { full: true });
    users = await signInAll(h);
  });
  afterAll(() => h.close());

  test('a record opened and an entry made in Kyiv time keep the UTC instant and the offset, in the signed leaf', async () => {
    const c = custodyClient(h);
    const t0 = new Date(h.clock.now().getTime() - 10 * 60_000);
    t0.setUTCMilliseconds(0);
    const opened = ok<CommandResult>(
      await c.open(users.detaining_officer, withOffset(t0.toISOString(), '+02:00')),
    );
    h.clock.advance(60);
    const delivered = new Date(h.clock.now().getTime() - 30_000);
    delivered.setUTCMilliseconds(0);
    ok<CommandResult>(
      await c.command(users.detaining_officer, opened.recordId, 'RecordDelivery', {
        occurredAt: withOffset(delivered.toISOString(), '-05:30'),
        expectedVersion: 1,
        payload: { unitId: h.units.own },
      }),
    );
    const v = await viewOf(h, users.custody_inspector, opened.recordId);
    expect(v.summary.t0).toBe(t0.toISOString().replace('.000Z', 'Z'));
    expect(v.timeline.map((e) => [e.occurredAt, e.occurredOffset])).toEqual([
      [t0.toISOString().replace('.000Z', 'Z'), '+02:00'],
      [delivered.toISOString().replace('.000Z', 'Z'), '-05:30'],
    ]);
    const proofs = ok<RecordProofs>(
      await h.app.inject({
        url: `/api/v1/records/${opened.recordId}/proofs`,
        headers: { cookie: users.custody_inspector.cookie },
      }),
      200,
    );
    for (const l of proofs.leaves) {
      expect(l.leaf.v).toBe(2);
      expect(l.leaf.occurredOffset).toMatch(/^[+-]\d\d:\d\d$/);
      const bytes = new TextEncoder().encode(canonicalJson(l.leaf));
      expect(toHex(leafHash(bytes))).toBe(l.leafHash);
    }
    const report = await verifyLog(h.database, { verifiers: [verifierFromVkey(h.vkey)] });
    expect(report.problems).toEqual([]);
  });

  test('times inside a payload keep their offset beside the UTC instant, in the signed payload', async () => {
    const c = custodyClient(h);
    const t0 = new Date(h.clock.now().getTime() - 20 * 60_000).toISOString();
    const opened = ok<CommandResult>(await c.open(users.detaining_officer, t0));
    const from = new Date(h.clock.now().getTime() - 15 * 60_000);
    const to = new Date(h.clock.now().getTime() - 5 * 60_000);
    from.setUTCSeconds(0, 0);
    to.setUTCSeconds(0, 0);
    ok<CommandResult>(
      await c.command(users.duty_inspector, opened.recordId, 'BookmarkCamera', {
        occurredAt: withOffset(to.toISOString(), '+02:00'),
        expectedVersion: 1,
        payload: {
          cameraId: 'CAM-3',
          from: withOffset(from.toISOString(), '+02:00'),
          to: to.toISOString(),
        },
      }),
    );
    const v = await viewOf(h, users.custody_inspector, opened.recordId);
    const utc = (d: Date) => d.toISOString().replace('.000Z', 'Z');
    expect(v.timeline[1]?.payload).toEqual({
      cameraId: 'CAM-3',
      from: utc(from),
      fromOffset: '+02:00',
      to: to.toISOString(),
    });
    const report = await verifyLog(h.database, { verifiers: [verifierFromVkey(h.vkey)] });
    expect(report.problems).toEqual([]);
  });

  test('a time in UTC keeps the leaf of format 1 and no offset', async () => {
    const c = custodyClient(h);
    const t0 = new Date(h.clock.now().getTime() - 5 * 60_000).toISOString();
    const opened = ok<CommandResult>(await c.open(users.detaining_officer, t0));
    const v = await viewOf(h, users.custody_inspector, opened.recordId);
    expect(v.timeline[0]?.occurredOffset).toBeNull();
    expect(v.timeline[0]?.occurredAt).toBe(t0);
  });

  test('a time without an offset is 400 saying which format is expected; a day that does not exist is 422; nothing stored', async () => {
    const c = custodyClient(h);
    const before = await h.logSize();
    const local = await c.open(users.detaining_officer, '2025-01-01T09:15:00');
    expect(local.statusCode).toBe(400);
    expect(local.json()).toMatchObject({
      code: 'invalid_request',
      errors: [{ path: 'body.occurredAt', message: expect.stringMatching(/RFC 3339.*\+02:00/) }],
    });
    const noDay = await c.open(users.detaining_officer, '2025-02-30T09:15:00+02:00');
    expect(noDay.statusCode).toBe(422);
    expect(noDay.json()).toMatchObject({
      code: 'invalid_payload',
      errors: [{ path: 'occurredAt', message: expect.stringContaining('RFC 3339') }],
    });
    expect(await h.logSize()).toBe(before);
    expect(undocumentedProblems()).toEqual([]);
  });
});
