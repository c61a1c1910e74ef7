import type { Role } from '@custody/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { WALK } from '../../test/http/command-walk.ts';
import { signInAll, walk } from '../../test/http/custody-client.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { RECORD_COMMAND_TYPES } from './records.routes.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';

describe.each(DIALECTS)('custody record routes under fuzzing on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let recordId: string;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    recordId = (await walk(h, users, WALK.slice(0, 2))).recordId;
  });
  afterAll(() => h.close());

  test('random bodies, headers and ids: never a 5xx, never a stored event', async () => {
    const before = await h.logSize();
    const id = fc.oneof(fc.constant(recordId), fc.string({ maxLength: 120 }), fc.uuid());
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            occurredAt: fc.oneof(
              fc.string(),
              fc.date().map((d) => d.toISOString()),
            ),
            expectedVersion: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
            payload: fc.jsonValue(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...RECORD_COMMAND_TYPES, '__open__'),
        id,
        body,
        fc.constantFrom<Role>('duty_inspector', 'hq', 'lawyer', 'admin', 'investigator'),
        fc.oneof(fc.constant('application/json'), fc.string({ maxLength: 30 })),
        async (type, rid, payload, role, contentType) => {
          const url =
            type === '__open__'
              ? '/api/v1/records'
              : `/api/v1/records/${encodeURIComponent(rid)}/commands/${type}`;
          const r = await h.app.inject({
            method: 'POST',
            url,
            headers: { ...users[role].headers, 'content-type': contentType },
            payload,
          });
          expect(r.statusCode).toBeLessThan(500);
          const g = await h.app.inject({
            method: 'GET',
            url: `/api/v1/records/${encodeURIComponent(rid)}?reason=${encodeURIComponent(payload.slice(0, 50))}`,
            headers: { cookie: users[role].cookie, 'last-event-id': payload.slice(0, 20) },
          });
          expect(g.statusCode).toBeLessThan(500);
        },
      ),
      { seed: 20250301, numRuns: 150 },
    );
    // Permitted reads are audited (RecordRead); no custody event may be stored by a fuzzed request.
    const reads = (await h.store.readLog(before, 10_000)).filter((e) => e.type !== 'RecordRead');
    expect(reads).toEqual([]);
  });

  test('every problem answered so far is listed in its route’s OpenAPI document', () => {
    expect(undocumentedProblems()).toEqual([]);
  });
});
