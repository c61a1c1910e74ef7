import type { Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { WALK } from '../../test/http/command-walk.ts';
import { signInAll, walk } from '../../test/http/custody-client.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { RECORD_COMMAND_TYPES } from '../records/records.routes.ts';
import { isWellFormed } from '../text.ts';
import { undocumentedProblems } from './problem-docs.ts';

/** What a refused request must answer: its status, code, and the field it names (if any). */
interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly path?: string;
}

describe.each(DIALECTS)(
  'bad input on the record routes is refused, never a 5xx, on %s',
  (dialect) => {
    let h: CustodyHarness;
    let users: Record<Role, SignedIn>;
    let recordId: string;
    let version: number;
    let t: string;

    beforeAll(async () => {
      h = await custodyHarness(dialect);
      users = await signInAll(h);
      ({ recordId, version } = await walk(h, users, WALK.slice(0, 2)));
      t = new Date(h.clock.now().getTime() - 60_000).toISOString();
    });
    afterAll(() => h.close());

    async function refused(
      url: string,
      body: string | Buffer,
      expected: Refusal,
      contentType = 'application/json',
    ) {
      const before = h.appended();
      const r = await h.app.inject({
        method: 'POST',
        url,
        headers: { ...users.duty_inspector.headers, 'content-type': contentType },
        payload: body,
      });
      const context = `${url} ${contentType}: ${r.body}`;
      expect(r.statusCode, context).toBe(expected.status);
      expect(r.headers['content-type'], context).toContain('application/problem+json');
      const problem = r.json<{ code: string; errors?: { path: string }[] }>();
      expect(problem.code, context).toBe(expected.code);
      if (expected.path !== undefined)
        expect(problem.errors?.[0]?.path, context).toBe(expected.path);
      expect(h.appended() - before, context).toBe(0);
    }

    test('opening a record: a lone surrogate, a repeated name, an unknown member, a wrong charset or media type', async () => {
      const url = '/api/v1/records';
      const valid = { occurredAt: t, payload: detentionPayload() };
      const text = JSON.stringify(valid);
      await refused(
        url,
        JSON.stringify({ ...valid, payload: { ...valid.payload, grounds: 'Крадіжка \ud800' } }),
        { status: 400, code: 'invalid_json', path: 'body.payload.grounds' },
      );
      await refused(
        url,
        JSON.stringify({
          ...valid,
          payload: { ...valid.payload, detainingOfficers: [{ name: 'x' }, { name: '\udfff' }] },
        }),
        { status: 400, code: 'invalid_json', path: 'body.payload.detainingOfficers.1.name' },
      );
      await refused(url, text.replace('{"occurredAt"', '{"occurredAt":"x","occurredAt"'), {
        status: 400,
        code: 'invalid_json',
        path: 'body.occurredAt',
      });
      await refused(url, JSON.stringify({ ...valid, expectedVersion: 0 }), {
        status: 400,
        code: 'invalid_request',
        path: 'body',
      });
      await refused(
        url,
        text,
        { status: 415, code: 'unsupported_media_type' },
        'application/json; charset=latin1',
      );
      await refused(url, text, { status: 400, code: 'invalid_request' }, 'text/plain');
      await refused(url, text, { status: 415, code: 'unsupported_media_type' }, 'application/xml');
      await refused(url, text.slice(0, 40), { status: 400, code: 'invalid_json' });
      // Invalid UTF-8 is read as U+FFFD, well formed: refused here by the schema (not an RFC 3339 date-time).
      const bytes = Buffer.concat([
        Buffer.from('{"occurredAt":"'),
        Buffer.from([0xff, 0xed, 0xa0, 0x80]),
        Buffer.from(text.slice(text.indexOf('","payload"'))),
      ]);
      await refused(url, bytes, { status: 400, code: 'invalid_request', path: 'body.occurredAt' });
    });

    test('a member name written with an escape is read as written, whatever was read before', async () => {
      // nodejs/node#63785: on the V8 of Node.js 24, once a text with a "\\\\" name has been
      // parsed, JSON.parse reads a later "\\"" name in the same place as "\\" (here: another
      // client's request). The refusal must name the member the client wrote.
      const url = '/api/v1/records';
      await refused(url, '{"occurredAt":[],"\\\\":0}', { status: 400, code: 'invalid_request' });
      const r = await h.app.inject({
        method: 'POST',
        url,
        headers: { ...users.duty_inspector.headers, 'content-type': 'application/json' },
        payload: `{"occurredAt":"${t}","\\"":1}`,
      });
      expect(r.statusCode, r.body).toBe(400);
      const messages = r.json<{ errors: { message: string }[] }>().errors.map((e) => e.message);
      expect(messages, r.body).toContain('Unrecognized key: """');
    });

    test('every command route refuses the same', async () => {
      for (const type of RECORD_COMMAND_TYPES) {
        const url = `/api/v1/records/${recordId}/commands/${type}`;
        await refused(
          url,
          `{"occurredAt":"${t}","expectedVersion":${String(version)},"payload":{"x":"\\ud83d"}}`,
          {
            status: 400,
            code: 'invalid_json',
            path: 'body.payload.x',
          },
        );
        await refused(
          url,
          `{"occurredAt":"${t}","expectedVersion":1,"expectedVersion":${String(version)},"payload":{}}`,
          {
            status: 400,
            code: 'invalid_json',
            path: 'body.expectedVersion',
          },
        );
        await refused(
          url,
          JSON.stringify({ occurredAt: t, expectedVersion: version, payload: {}, note: 'x' }),
          {
            status: 400,
            code: 'invalid_request',
          },
        );
        await refused(
          url,
          JSON.stringify({ occurredAt: t, expectedVersion: String(version), payload: {} }),
          {
            status: 400,
            code: 'invalid_request',
          },
        );
      }
    });

    test('a long multi-byte access reason is cut on a character boundary and stored; a broken one is kept as sent', async () => {
      const hq = users.hq;
      const smile = '\ud83d\ude00';
      const reasons = [
        encodeURIComponent('ґ'.repeat(499) + smile + smile),
        Buffer.from('Перевірка НПМ ' + smile, 'utf8').toString('latin1'),
        '%E0%A4%A',
        'x'.repeat(20_000),
      ];
      for (const reason of reasons) {
        const before = await h.logSize();
        const r = await h.app.inject({
          method: 'GET',
          url: `/api/v1/records/${recordId}`,
          headers: { cookie: hq.cookie, 'x-access-reason': reason },
        });
        expect(r.statusCode, r.body).toBe(200);
        const [read] = await h.store.readLog(before, 10);
        const stored = (read?.payload as { reason: string } | null)?.reason ?? '';
        expect(isWellFormed(stored)).toBe(true);
        expect(Array.from(stored.matchAll(/./gsu)).length).toBeLessThanOrEqual(500);
      }
      const [first] = await h.store.readLog((await h.logSize()) - 4, 1);
      expect((first?.payload as { reason: string }).reason).toBe('ґ'.repeat(499) + smile);
    });

    test('every problem answered so far is listed in its route’s OpenAPI document', () => {
      expect(undocumentedProblems()).toEqual([]);
    });
  },
);
