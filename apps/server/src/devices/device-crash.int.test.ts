import { randomUUID } from 'node:crypto';
import type { DeviceEntryResult, RecordView } from '@custody/contracts';
import { verifierFromVkey } from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { TEST_PASSWORD, type SignedIn } from '../../test/http/harness.ts';
import { testDevice } from '../../test/http/test-device.ts';
import { verifyLog } from '../store/index.ts';
import { DEVICE_ENTRY_RECEIVED } from './device-registry.ts';
import { deviceStream } from './device-stream.ts';

/**
 * A tablet's entry is two appends: its record's entries (the command path), then its device leaf
 * with the signed bytes. A crash between them leaves the record entries committed and no leaf;
 * the tablet got no answer and sends the batch again under the same Idempotency-Key. The crash is
 * simulated by failing the device leaf's append before it reaches the store (so nothing of it is
 * written, as when the process dies before that transaction commits).
 */
describe.each(DIALECTS)(
  'devices: a crash between the record entries and the device leaf on %s',
  (dialect) => {
    let h: CustodyHarness;
    let officer: SignedIn;

    beforeAll(async () => {
      h = await custodyHarness(dialect, { full: true });
      officer = await h.signIn('duty_inspector');
    }, 60_000);
    afterAll(() => h.close());

    /** Makes the n-th device leaf append from now (0-based) fail once, as a crash would. */
    function crashAtDeviceLeaf(n: number): () => number {
      const append = h.store.append.bind(h.store);
      let seen = 0;
      let crashed = 0;
      h.store.append = async (streamId, expected, events, options) => {
        if (events.some((e) => e.type === DEVICE_ENTRY_RECEIVED)) {
          seen += 1;
          if (seen === n + 1) {
            crashed += 1;
            h.store.append = append;
            throw new Error('simulated crash before the device leaf committed');
          }
        }
        return append(streamId, expected, events, options);
      };
      return () => crashed;
    }

    test.each([0, 1])(
      'crash at entry %i’s device leaf: the retry logs the missing leaf once, the record entries once, and verify passes',
      async (at) => {
        const d = await testDevice('Ed25519', h.clock.now);
        const enrolled = await h.app.inject({
          method: 'POST',
          url: '/api/v1/devices',
          headers: officer.headers,
          payload: {
            deviceId: d.deviceId,
            name: 'Планшет',
            algorithm: d.algorithm,
            publicKey: d.publicKey,
            password: TEST_PASSWORD,
          },
        });
        expect(enrolled.statusCode, enrolled.body).toBe(201);
        const recordId = randomUUID();
        const t = h.clock.now().getTime();
        const made = [
          await d.entry(officer.userId, {
            type: 'RecordDetention',
            recordId,
            occurredAt: new Date(t - 2 * 60_000).toISOString(),
            payload: detentionPayload(),
          }),
          await d.entry(officer.userId, {
            type: 'MoveDetainee',
            recordId,
            occurredAt: new Date(t - 60_000).toISOString(),
            payload: {
              to: { description: 'Службовий автомобіль' },
              purpose: 'Доставлення',
              escort: [],
            },
          }),
        ];
        const entries = made.map(({ signed, signature }) => ({ signed, signature }));
        const key = `device-batch-${randomUUID()}`;
        const sync = () =>
          h.app.inject({
            method: 'POST',
            url: `/api/v1/devices/${d.deviceId}/entries`,
            headers: { ...officer.headers, 'idempotency-key': key },
            payload: { entries },
          });

        const crashed = crashAtDeviceLeaf(at);
        const lost = await sync();
        expect(crashed()).toBe(1);
        expect(lost.statusCode).toBe(500);
        // The crash point: the entry's record events are in the log, its device leaf is not.
        const record = await h.store.readStream(recordId);
        expect(record.some((e) => e.id === made[at]?.body.entryId)).toBe(true);
        const device = await h.store.readStream(deviceStream(d.deviceId));
        expect(device.map((l) => l.type)).toEqual([
          'DeviceEnrolled',
          ...Array<string>(at).fill(DEVICE_ENTRY_RECEIVED),
        ]);

        const retry = await sync();
        expect(retry.statusCode, retry.body).toBe(200);
        expect(retry.headers['idempotency-replayed']).toBeUndefined();
        const results = retry.json<{ results: DeviceEntryResult[] }>().results;
        expect(results.map((r) => [r.seq, r.status, r.chain, r.problem])).toEqual([
          [1, 'accepted', 'ok', null],
          [2, 'accepted', 'ok', null],
        ]);

        // Each entry's record events once, in device order; each device leaf once, naming them.
        const events = await h.store.readStream(recordId);
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        expect(events.map((e) => e.logIndex)).toEqual(results.flatMap((r) => r.recordLogIndexes));
        const leaves = await h.store.readStream(deviceStream(d.deviceId));
        expect(leaves.map((l) => l.type)).toEqual([
          'DeviceEnrolled',
          DEVICE_ENTRY_RECEIVED,
          DEVICE_ENTRY_RECEIVED,
        ]);
        for (const [i, leaf] of leaves.slice(1).entries()) {
          expect(leaf.logIndex).toBe(results[i]?.logIndex);
          expect(leaf.payload).toMatchObject({
            entryId: made[i]?.body.entryId,
            signed: made[i]?.signed,
            recordLogIndexes: results[i]?.recordLogIndexes,
          });
        }
        expect((leaves[1]?.payload as { recordEventIds: string[] }).recordEventIds[0]).toBe(
          made[0]?.body.entryId,
        );

        // The record shows each entry once, with the device leaf that keeps its signed bytes.
        const view = await h.app.inject({
          url: `/api/v1/records/${recordId}`,
          headers: { cookie: officer.cookie },
        });
        expect(view.statusCode, view.body).toBe(200);
        const timeline = view.json<RecordView>().timeline;
        expect(timeline.map((e) => e.eventId)).toEqual(made.map((m) => m.body.entryId));
        expect(timeline.map((e) => e.device?.deviceLogIndex)).toEqual(
          results.map((r) => r.logIndex),
        );

        // A third send answers the same and stores nothing.
        const size = await h.logSize();
        const again = await sync();
        expect(again.json()).toEqual(retry.json());
        expect(await h.logSize()).toBe(size);

        const report = await verifyLog(h.database, { verifiers: [verifierFromVkey(h.vkey)] });
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
      },
    );
  },
);
