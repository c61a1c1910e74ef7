import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrate } from '../db/migrate.ts';
import { deviceMigrations } from '../devices/devices.tables.ts';
import { createEventStore, storeMigrations, type EventStore } from '../store/index.ts';
import { buildExtractBundle, type ExtractSource } from './extract-bundle.ts';
import type { ExtractBundle } from './extract-format.ts';
import { parseExtractStatement } from './extract-statement.ts';
import { SAMPLE_EVENTS, SAMPLE_RECORD_ID } from './sample-record.fixture.ts';
import { verifyExtract } from './verify-extract.ts';

const ORIGIN = 'custody.test/log';
const key = generateSignerKey('custody.test');
const stranger = generateSignerKey('custody.test');

describe.each(DIALECTS)('extract bundle on %s', (dialect) => {
  let database: TestDatabase;
  let store: EventStore;
  let bundle: ExtractBundle;
  let source: ExtractSource;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await migrate(database, [...storeMigrations, ...deviceMigrations]);
    store = await createEventStore({ database, signer: signerFromSkey(key.skey), origin: ORIGIN });
    const noise = (n: number) => ({ ...SAMPLE_EVENTS[1]!, id: `noise-${n}` });
    await store.append('rec-other', 0, [noise(1), noise(2)]);
    await store.append(SAMPLE_RECORD_ID, 0, SAMPLE_EVENTS.slice(0, 6));
    await store.append('rec-other', 'any', [noise(3)]);
    await store.append(SAMPLE_RECORD_ID, 6, SAMPLE_EVENTS.slice(6));
    source = { store, database, signer: signerFromSkey(key.skey) };
    bundle = await buildExtractBundle(source, SAMPLE_RECORD_ID, {
      withhold: (e) => e.type === 'InjuriesRecorded' || e.type === 'IntoxicationRecorded',
      vkeys: [key.vkey],
    });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('holds every event of the record, in stream order, against the latest checkpoint', () => {
    expect(bundle.entries.map((e) => e.leaf.id)).toEqual(SAMPLE_EVENTS.map((e) => e.id));
    expect(bundle.treeSize).toBe(SAMPLE_EVENTS.length + 3);
    expect(bundle.origin).toBe(ORIGIN);
  });

  it('verifies offline, withheld entries included', () => {
    const result = verifyExtract(JSON.parse(JSON.stringify(bundle)), [key.vkey]);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checkpoint).toMatchObject({ origin: ORIGIN, size: bundle.treeSize });
    const statuses = result.entries.map((e) => e.status);
    expect(statuses.filter((s) => s === 'withheld')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'verified')).toHaveLength(SAMPLE_EVENTS.length - 2);
    const withheld = bundle.entries.filter((e) => e.withheld);
    expect(withheld.map((e) => [e.payload, e.salt])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('signs a statement of the record as the log held it: count, last entry, checkpoint', async () => {
    const note = bundle.statement;
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    const last = bundle.entries.at(-1)!;
    const checkpoint = (await store.latestCheckpoint())!;
    expect(parseExtractStatement(text)).toEqual({
      origin: ORIGIN,
      recordId: SAMPLE_RECORD_ID,
      entries: SAMPLE_EVENTS.length,
      lastIndex: last.logIndex,
      lastLeafHash: last.leafHash,
      treeSize: checkpoint.size,
      root: checkpoint.root,
    });
    expect(verifyExtract(bundle, [key.vkey]).statement?.entries).toBe(SAMPLE_EVENTS.length);
  });

  it('rejects the last entries cut off, or the statement of another record swapped in', async () => {
    const cut = (n: number): ExtractBundle => {
      const b = structuredClone(bundle);
      b.entries.splice(-n, n);
      return b;
    };
    for (const b of [cut(1), cut(2)]) {
      const r = verifyExtract(b, [key.vkey]);
      expect(r.ok).toBe(false);
      expect(r.entries.every((e) => e.status !== 'failed')).toBe(true);
      expect(r.problems.join()).toMatch(/signed statement says the record had \d+: the last/);
    }
    const { statement: _none, ...stripped } = bundle;
    expect(verifyExtract(stripped, [key.vkey]).problems.join()).toMatch(/statement is missing/);
    const other = await buildExtractBundle(source, 'rec-other');
    expect(verifyExtract(other, [key.vkey]).ok).toBe(true);
    const swapped = { ...bundle, statement: other.statement };
    const r = verifyExtract(swapped, [key.vkey]);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/statement is of record rec-other/);
    const signedElsewhere = await buildExtractBundle(
      { ...source, signer: signerFromSkey(stranger.skey) },
      SAMPLE_RECORD_ID,
    );
    const foreign = { ...bundle, statement: signedElsewhere.statement };
    expect(verifyExtract(foreign, [key.vkey]).problems.join()).toMatch(/statement not verified/);
  });

  it('marks an erased payload as withheld and still verifies it', async () => {
    const target = bundle.entries[6]!;
    await store.erasePayload(SAMPLE_RECORD_ID, target.logIndex, {
      id: 'evt-erase',
      type: 'PayloadErased',
      occurredAt: '2025-02-01T10:00:00Z',
      recordedAt: '2025-02-01T10:00:00Z',
      actor: { id: 'insp-1', role: 'custody_inspector' },
      payload: {
        targetEventId: target.leaf.id,
        legalGround: 'Закон про захист персональних даних, ст. 8',
      },
    });
    const after = await buildExtractBundle(source, SAMPLE_RECORD_ID);
    const erased = after.entries[6]!;
    expect(erased).toMatchObject({ withheld: true, reason: 'erased', payload: null, salt: null });
    const result = verifyExtract(after, [key.vkey]);
    expect(result.ok).toBe(true);
    expect(result.entries[6]).toMatchObject({ status: 'withheld', reason: 'erased' });
    expect(result.entries.at(-1)).toMatchObject({ type: 'PayloadErased', status: 'verified' });
  });

  it('rejects the wrong key, and no key', () => {
    expect(verifyExtract(bundle, [stranger.vkey]).ok).toBe(false);
    expect(verifyExtract(bundle, []).ok).toBe(false);
  });
});
