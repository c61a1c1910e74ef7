import type { RecordView } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2026-04-01T09:00:00.000Z');

/**
 * A domain refusal names the entry it refers to as an extension member (RFC 9457 §3.2; the
 * catalogue's PROBLEM_MEMBERS), so that a client acts on it without reading `detail`; it is a 422
 * titled "Unprocessable Content" (RFC 9110 §15.5.21) and stores nothing.
 */
describe.each(DIALECTS)('a refusal carries the ids it names (%s)', (dialect) => {
  let kit: OversightKit;
  let duty: SignedIn;
  let inspector: SignedIn;
  let supervisor: SignedIn;
  let driver: RecordDriver;
  let requestId = '';

  const command = (who: SignedIn, type: string, occurredAt: string, payload: object) =>
    kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${driver.recordId}/commands/${type}`,
      headers: who.headers,
      payload: { occurredAt, expectedVersion: driver.version, payload },
    });
  const refused = async (r: Awaited<ReturnType<typeof command>>) => {
    expect(r.statusCode, r.body).toBe(422);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const seen = await kit.app.inject({
      url: `/api/v1/records/${driver.recordId}`,
      headers: { cookie: supervisor.cookie },
    });
    expect(seen.json<RecordView>().summary.version).toBe(driver.version);
    return r.json<Record<string, unknown>>();
  };

  beforeAll(async () => {
    kit = await oversightKit(dialect, {}, START);
    const officer = await kit.signIn('detaining_officer');
    duty = await kit.signIn('duty_inspector');
    inspector = await kit.signIn('custody_inspector');
    supervisor = await kit.signIn('supervisor');
    driver = new RecordDriver(kit, inspector);
    await driver.open('2026-04-01T08:00:00Z', {}, officer);
    await driver.run('SetObservationLevel', '2026-04-01T08:10:00Z', {
      level: 'constant',
      rationale: 'Сп’яніння',
    });
    requestId = (
      await driver.run(
        'RequestApproval',
        '2026-04-01T08:30:00Z',
        { subject: 'observation_lowering', level: 'intermittent', rationale: 'Протверезів' },
        duty,
      )
    ).eventId;
  }, 120_000);
  afterAll(() => kit.close());

  test('approval_already_pending names the request that waits', async () => {
    const body = await refused(
      await command(duty, 'RequestApproval', '2026-04-01T08:31:00Z', {
        subject: 'observation_lowering',
        level: 'general',
        rationale: 'Ще раз',
      }),
    );
    expect(body).toMatchObject({
      code: 'approval_already_pending',
      title: 'Unprocessable Content',
      status: 422,
      requestEventId: requestId,
    });
  });

  test('approval_before_request names the request decided', async () => {
    const body = await refused(
      await command(supervisor, 'DecideApproval', '2026-04-01T08:20:00Z', {
        requestEventId: requestId,
        decision: 'approved',
      }),
    );
    expect(body).toMatchObject({
      code: 'approval_before_request',
      title: 'Unprocessable Content',
      requestEventId: requestId,
    });
  });

  test('contact_not_open names the contact', async () => {
    const body = await refused(
      await command(inspector, 'EndContact', '2026-04-01T08:40:00Z', {
        contactEventId: 'no-such-contact',
      }),
    );
    expect(body).toMatchObject({
      code: 'contact_not_open',
      title: 'Unprocessable Content',
      contactEventId: 'no-such-contact',
    });
  });

  test('a refusal of another code carries none of these members', async () => {
    const body = await refused(
      await command(duty, 'RequestApproval', '2026-04-01T08:41:00Z', {
        subject: 'observation_lowering',
        level: 'constant',
        rationale: 'Не нижче',
      }),
    );
    expect(body).toMatchObject({ code: 'approval_not_needed' });
    expect(body).not.toHaveProperty('requestEventId');
  });
});
