import {
  fromBase64,
  fromHex,
  leafHash,
  openNote,
  parseCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@custody/ledger';
import type { CheckpointView, IntegrityReceipt, RecordProofs } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../accounts/api-tokens.ts';
import { leafBytesOf } from '../documents/extract-format.ts';
import { parseExtractStatement } from '../documents/extract-statement.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { noteBody } from './checkpoints.query.ts';
import { oversightKit, RecordDriver, type OversightKit } from './oversight.test-kit.ts';

const T0 = '2025-03-01T09:00:00.000Z';
const proof = (p: string[]) => p.map(fromBase64);

describe.each(DIALECTS)('integrity routes (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let recordId: string;
  let firstSize: number;

  beforeAll(async () => {
    kit = await oversightKit(dialect);
    inspector = await kit.signIn('custody_inspector');
    const d = new RecordDriver(kit, inspector);
    recordId = await d.open(T0);
    firstSize = (await kit.store.latestCheckpoint())?.size ?? 0;
    await d.run('RecordDelivery', '2025-03-01T09:30:00.000Z', { unitId: kit.units.own });
    await d.run('RegisterDetainee', '2025-03-01T09:35:00.000Z', { custodyNumber: 'K-1' });
  });
  afterAll(() => kit.close());

  const get = (url: string, who?: SignedIn) =>
    kit.app.inject({ method: 'GET', url, ...(who ? { headers: { cookie: who.cookie } } : {}) });

  test('the checkpoint note is public and verifies with the public vkey', async () => {
    const vkey = await get('/api/v1/integrity/vkey');
    expect(vkey.statusCode).toBe(200);
    expect(vkey.headers['content-type']).toMatch(/^text\/plain/);
    expect(vkey.body.trim()).toBe(kit.vkey);
    const note = await get('/api/v1/integrity/checkpoint');
    expect(note.statusCode).toBe(200);
    expect(note.headers['content-type']).toMatch(/^text\/plain/);
    const opened = openNote(note.body, [kit.verifier]);
    expect(opened.text).toBe(noteBody(note.body));
    expect(parseCheckpoint(opened.text).size).toBeGreaterThan(firstSize);
    const tampered = note.body.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`);
    expect(() => openNote(tampered, [kit.verifier])).toThrow();
  });

  test('the checkpoint as JSON and the list of recent checkpoints', async () => {
    const json = (await get('/api/v1/integrity/checkpoint?format=json')).json<CheckpointView>();
    const latest = await kit.store.latestCheckpoint();
    expect(json).toMatchObject({
      origin: 'custody.test/log',
      size: latest?.size,
      root: latest?.root,
    });
    expect(json.createdAt).toMatch(/^2025-03-01T/);
    expect((await get('/api/v1/integrity/checkpoints')).statusCode).toBe(401);
    const list = await get('/api/v1/integrity/checkpoints?limit=2', inspector);
    const items = list.json<{ items: CheckpointView[] }>().items;
    expect(items).toHaveLength(2);
    expect(items[0]?.size).toBe(latest?.size);
    expect(items[0]?.size ?? 0).toBeGreaterThan(items[1]?.size ?? 0);
  });

  test('the administration tab reads the vkey and recent checkpoints; others are refused', async () => {
    const admin = await kit.signIn('admin');
    const vkey = await get('/api/v1/integrity/vkey', admin);
    expect(vkey.body.trim()).toBe(kit.vkey);
    const list = await get('/api/v1/integrity/checkpoints?limit=3', admin);
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: CheckpointView[] }>().items;
    expect(items.map((c) => c.origin)).toEqual(items.map(() => 'custody.test/log'));
    expect(items[0]?.note).toContain(`\n${String(items[0]?.size)}\n`);
    expect(openNote(items[0]?.note ?? '', [kit.verifier]).text).toBe(
      noteBody(items[0]?.note ?? ''),
    );

    const anonymous = await get('/api/v1/integrity/checkpoints');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const expiresAt = new Date(kit.clock.now().getTime() + 86_400_000).toISOString();
    for (const scopes of [['metrics'], ['records:read']] as const) {
      const { token } = await createApiToken(
        kit.database,
        { name: `no integrity ${scopes.join()}`, scopes, unitId: null, expiresAt },
        admin.userId,
        kit.clock.now(),
      );
      const refused = await kit.app.inject({
        method: 'GET',
        url: '/api/v1/integrity/checkpoints',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.statusCode, scopes.join()).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  test('a bad limit on the checkpoint list is a 400 problem', async () => {
    const admin = await kit.signIn('admin');
    const before = (await kit.store.latestCheckpoint())?.size;
    for (const limit of ['0', '-1', '201', '2.5', 'ten', '']) {
      const r = await get(`/api/v1/integrity/checkpoints?limit=${limit}`, admin);
      expect(r.statusCode, limit).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await kit.store.latestCheckpoint())?.size).toBe(before);
  });

  test('inclusion and consistency proofs verify against signed roots', async () => {
    const latest = await kit.store.latestCheckpoint();
    const size = latest?.size ?? 0;
    const root = fromHex(latest?.root ?? '');
    const inc = await get(`/api/v1/integrity/proofs/inclusion?index=0&size=${size}`, inspector);
    expect(inc.statusCode).toBe(200);
    const body = inc.json<{ leafHash: string; proof: string[] }>();
    expect(verifyInclusion(0, size, fromHex(body.leafHash), proof(body.proof), root)).toBe(true);
    const old = (await get('/api/v1/integrity/checkpoints?limit=50', inspector))
      .json<{ items: CheckpointView[] }>()
      .items.find((c) => c.size === firstSize);
    expect(old).toBeDefined();
    const cons = await get(
      `/api/v1/integrity/proofs/consistency?from=${firstSize}&to=${size}`,
      inspector,
    );
    expect(cons.statusCode).toBe(200);
    const p = proof(cons.json<{ proof: string[] }>().proof);
    expect(verifyConsistency(firstSize, size, fromHex(old?.root ?? ''), root, p)).toBe(true);
    expect(verifyConsistency(firstSize, size, root, root, p)).toBe(false);
  });

  test('bad sizes are 400 problems', async () => {
    const size = (await kit.store.latestCheckpoint())?.size ?? 0;
    for (const url of [
      `/api/v1/integrity/proofs/inclusion?index=${size}&size=${size}`,
      `/api/v1/integrity/proofs/inclusion?index=0&size=${size + 1}`,
      `/api/v1/integrity/proofs/inclusion?index=0&size=0`,
      `/api/v1/integrity/proofs/inclusion?index=-1&size=2`,
      `/api/v1/integrity/proofs/consistency?from=2&to=1`,
      `/api/v1/integrity/proofs/consistency?from=1&to=${size + 1}`,
      `/api/v1/integrity/proofs/consistency?from=x&to=2`,
    ]) {
      const r = await get(url, inspector);
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  test('a receipt verifies, and is hidden from callers who may not read the record', async () => {
    const [first] = await kit.store.readStream(recordId);
    const index = first?.logIndex ?? -1;
    const r = await get(`/api/v1/integrity/receipts/${index}`, inspector);
    expect(r.statusCode).toBe(200);
    const receipt = r.json<IntegrityReceipt>();
    const cp = parseCheckpoint(openNote(receipt.checkpoint, [kit.verifier]).text);
    expect(
      verifyInclusion(
        index,
        receipt.treeSize,
        fromHex(receipt.leafHash),
        proof(receipt.inclusionProof),
        cp.root,
      ),
    ).toBe(true);
    const stranger = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    expect((await get(`/api/v1/integrity/receipts/${index}`, stranger)).statusCode).toBe(404);
    expect((await get(`/api/v1/integrity/receipts/999999`, inspector)).statusCode).toBe(404);
    const admin = await kit.signIn('admin');
    expect((await get(`/api/v1/integrity/receipts/${index}`, admin)).statusCode).toBe(404);
  });

  test('record proofs: every leaf recomputes and is included under the signed checkpoint', async () => {
    const r = await get(`/api/v1/records/${recordId}/proofs`, inspector);
    expect(r.statusCode).toBe(200);
    const body = r.json<RecordProofs>();
    expect(body.vkey).toBe(kit.vkey);
    const cp = parseCheckpoint(openNote(body.checkpoint, [kit.verifier]).text);
    expect(body.leaves.map((l) => l.leaf.type)).toEqual([
      'DetentionRecorded',
      'DetaineeDelivered',
      'DetaineeRegistered',
    ]);
    expect(JSON.stringify(body)).not.toContain('Петренко');
    const last = body.leaves.at(-1)!;
    expect(parseExtractStatement(openNote(body.statement, [kit.verifier]).text)).toEqual({
      origin: cp.origin,
      recordId,
      entries: body.leaves.length,
      lastIndex: last.logIndex,
      lastLeafHash: last.leafHash,
      treeSize: cp.size,
      root: Buffer.from(cp.root).toString('hex'),
    });
    for (const l of body.leaves) {
      const hash = leafHash(leafBytesOf(l.leaf));
      expect(Buffer.from(hash).toString('hex')).toBe(l.leafHash);
      expect(verifyInclusion(l.logIndex, cp.size, hash, proof(l.inclusionProof), cp.root)).toBe(
        true,
      );
    }
    const stranger = await kit.signIn('duty_inspector', { unitId: kit.units.other });
    expect((await get(`/api/v1/records/${recordId}/proofs`, stranger)).statusCode).toBe(404);
    const hq = await kit.signIn('hq');
    expect((await get(`/api/v1/records/${recordId}/proofs`, hq)).statusCode).toBe(400);
    expect((await get(`/api/v1/records/${recordId}/proofs?reason=audit`, hq)).statusCode).toBe(200);
  });
});
