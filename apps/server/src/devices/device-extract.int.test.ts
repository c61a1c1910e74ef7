import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { DeviceEntryResult, RecordView } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { TEST_PASSWORD, type SignedIn } from '../../test/http/harness.ts';
import { testDevice, type TestDevice } from '../../test/http/test-device.ts';
import type { ExtractBundle } from '../documents/extract-format.ts';
import { verifyExtract } from '../documents/verify-extract.ts';
import { DEVICE_ENTRY_RECEIVED, deviceStream } from './device-stream.ts';
import { entryHash } from './device-signature.ts';
import { devicesDb } from './devices.tables.ts';

const MIN = 60_000;
const BIN = resolve(import.meta.dirname, '../../../../bin/custody.mjs');

/** `custody verify-extract FILE --key VKEY`: its exit code and what it printed. */
async function verifyWithCli(
  bundle: unknown,
  vkey: string,
): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-device-extract-'));
  const file = join(dir, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  try {
    const r = await promisify(execFile)(
      process.execPath,
      [BIN, 'verify-extract', file, '--key', vkey],
      { encoding: 'utf8' },
    );
    return { code: 0, out: r.stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The record's JSON extract carries the tablet's leaves (issue 19): anyone holding the extract and
 * the log's verifier key checks offline what the tablet signed, with its enrolled key, and which
 * record entry was made from it; a changed signature, or a leaf the server wrote for a text the
 * tablet never signed, fails.
 */
describe.each(DIALECTS)('the extract carries the tablet’s signed entries on %s', (dialect) => {
  let h: CustodyHarness;
  let officer: SignedIn;
  let d: TestDevice;
  let recordId: string;
  let results: DeviceEntryResult[];
  let signedTexts: string[];

  const get = (who: SignedIn, url: string) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const bundleOf = async (): Promise<ExtractBundle> => {
    const r = await get(officer, `/api/v1/records/${recordId}/extract/bundle`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return r.json<ExtractBundle>();
  };

  beforeAll(async () => {
    h = await custodyHarness(dialect, { full: true });
    officer = await h.signIn('duty_inspector');
    d = await testDevice('ECDSA-P256', h.clock.now);
    const enrol = await h.app.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: officer.headers,
      payload: {
        deviceId: d.deviceId,
        name: 'Т',
        algorithm: d.algorithm,
        publicKey: d.publicKey,
        password: TEST_PASSWORD,
      },
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    recordId = randomUUID();
    const t = h.clock.now().getTime();
    const made = [
      await d.entry(officer.userId, {
        type: 'RecordDetention',
        recordId,
        occurredAt: new Date(t - 2 * MIN).toISOString(),
        payload: detentionPayload(),
      }),
      await d.entry(officer.userId, {
        type: 'MoveDetainee',
        recordId,
        occurredAt: new Date(t - MIN).toISOString(),
        payload: {
          to: { description: 'Службовий автомобіль' },
          purpose: 'Доставлення',
          escort: [],
        },
      }),
    ];
    signedTexts = made.map((m) => m.signed);
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${d.deviceId}/entries`,
      headers: { ...officer.headers, 'idempotency-key': randomUUID() },
      payload: { entries: made.map(({ signed, signature }) => ({ signed, signature })) },
    });
    expect(r.statusCode, r.body).toBe(200);
    results = r.json<{ results: DeviceEntryResult[] }>().results;
  }, 60_000);
  afterAll(() => h.close());

  test('the bundle holds the device’s enrolment and the leaves it signed, and they verify offline', async () => {
    const bundle = await bundleOf();
    expect(bundle.devices).toHaveLength(1);
    const proof = bundle.devices?.[0];
    expect(proof?.deviceId).toBe(d.deviceId);
    expect(proof?.enrolment.leaf.type).toBe('DeviceEnrolled');
    expect((proof?.enrolment.payload as { publicKey: string }).publicKey).toBe(d.publicKey);
    expect(proof?.revocation).toBeNull();
    expect(proof?.entries.map((e) => e.logIndex)).toEqual(results.map((x) => x.logIndex));
    expect(proof?.entries.map((e) => (e.payload as { signed: string }).signed)).toEqual(
      signedTexts,
    );

    const v = verifyExtract(JSON.parse(JSON.stringify(bundle)), [h.vkey]);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    const view = (await get(officer, `/api/v1/records/${recordId}`)).json<RecordView>();
    expect(v.devices).toEqual(
      results.map((x, i) => ({
        deviceId: d.deviceId,
        logIndex: x.logIndex,
        seq: i + 1,
        entryId: x.entryId,
        recordLogIndex: view.timeline[i]?.logIndex,
        enrolLogIndex: proof?.enrolment.logIndex,
        status: 'verified',
      })),
    );
    expect(view.timeline[1]?.device?.deviceLogIndex).toBe(results[1]?.logIndex);

    const cli = await verifyWithCli(bundle, h.vkey);
    expect(cli.code, cli.out).toBe(0);
    expect(cli.out.match(new RegExp(`^OK +tablet ${d.deviceId} `, 'gm'))).toHaveLength(2);
  }, 120_000);

  test('a tampered device signature is detected; so is a leaf moved to another device', async () => {
    const bundle = await bundleOf();
    const tampered = structuredClone(bundle);
    const entry = tampered.devices?.[0]?.entries[1];
    if (entry === undefined) throw new Error('no device entry');
    const p = entry.payload as { signature: string };
    p.signature = `${p.signature.slice(0, 10)}${p.signature[10] === 'A' ? 'B' : 'A'}${p.signature.slice(11)}`;
    const v = verifyExtract(tampered, [h.vkey]);
    expect(v.ok).toBe(false);
    expect(v.devices.map((x) => x.status)).toEqual(['verified', 'failed']);
    expect(v.problems.join('\n')).toMatch(
      new RegExp(
        `device ${d.deviceId} leaf ${String(entry.logIndex)}: payload and salt do not match`,
      ),
    );

    const moved = structuredClone(bundle);
    const other = randomUUID();
    if (moved.devices?.[0] !== undefined) moved.devices[0].deviceId = other;
    const m = verifyExtract(moved, [h.vkey]);
    expect(m.ok).toBe(false);
    expect(m.devices.every((x) => x.status === 'failed')).toBe(true);
    expect(m.problems.join('\n')).toMatch(/leaf belongs to another device/);

    const cli = await verifyWithCli(tampered, h.vkey);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(
      new RegExp(`^FAIL +tablet ${d.deviceId} #\\? log ${String(entry.logIndex)}`, 'm'),
    );
    expect(cli.out).toContain('NOT INTACT');
  }, 120_000);

  test('a leaf the log holds for a text the tablet never signed fails on the tablet’s signature', async () => {
    // What a dishonest operator could do: log a "received" leaf for a changed text, keeping the
    // tablet's signature. The leaf is in the log and proved; only the signature tells.
    const [leaf] = (await h.store.readStream(deviceStream(d.deviceId))).filter(
      (e) => e.type === DEVICE_ENTRY_RECEIVED,
    );
    const original = leaf?.payload as { signed: string; entryId: string } | undefined;
    if (leaf === undefined || original === undefined) throw new Error('no device leaf');
    const forgedText = original.signed.replace(/"seq":1/, '"seq":1 ');
    expect(forgedText).not.toBe(original.signed);
    const forged = {
      ...(leaf.payload as Record<string, unknown>),
      signed: forgedText,
      entryHash: entryHash(forgedText),
    };
    const at = h.clock.now().toISOString();
    const appended = await h.store.append(deviceStream(d.deviceId), 'any', [
      {
        id: randomUUID(),
        type: DEVICE_ENTRY_RECEIVED,
        occurredAt: at,
        recordedAt: at,
        actor: leaf.actor,
        payload: forged,
      },
    ]);
    const logIndex = appended.events[0]?.logIndex ?? 0;
    const row = await devicesDb(h.database)
      .selectFrom('device_entries')
      .selectAll()
      .where('entry_id', '=', original.entryId)
      .executeTakeFirstOrThrow();
    await devicesDb(h.database)
      .insertInto('device_entries')
      .values({ ...row, entry_id: randomUUID(), log_index: logIndex })
      .execute();
    const bundle = await bundleOf();
    const v = verifyExtract(bundle, [h.vkey]);
    expect(v.ok).toBe(false);
    const bad = v.devices.find((x) => x.logIndex === logIndex);
    expect(bad).toMatchObject({
      status: 'failed',
      reason: 'the device signature does not verify with the enrolled device key',
    });
    expect(v.devices.filter((x) => x.status === 'verified')).toHaveLength(2);
  });
});
