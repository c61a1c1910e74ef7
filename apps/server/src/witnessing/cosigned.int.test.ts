import type {
  IntegrityReceipt,
  LatestCheckpointView,
  RecordProofs,
  WitnessedCheckpoint,
} from '@custody/contracts';
import {
  cosignerFromSkey,
  describeQuorum,
  fromBase64,
  fromHex,
  generateCosignerKey,
  generateSignerKey,
  parsePolicy,
  signatureLines,
  toHex,
  verifyCheckpointNote,
  verifyConsistency,
  type Policy,
} from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import type { ExtractBundle } from '../documents/extract-format.ts';
import { verifyExtract } from '../documents/verify-extract.ts';
import { noteBody } from '../integrity/checkpoints.query.ts';
import {
  ORIGIN,
  oversightKit,
  RecordDriver,
  type OversightKit,
} from '../integrity/oversight.test-kit.ts';
import type { CheckpointInfo } from '../store/index.ts';
import { saveCosignature } from './witnessing.db.ts';

const T0 = '2025-03-01T09:00:00.000Z';
const W1 = generateCosignerKey('w1.example/witness');
const W2 = generateCosignerKey('w2.example/witness');
const LOG = generateSignerKey(ORIGIN);

/**
 * Receipts, record proofs, extracts and the checkpoint routes carry the cosigned checkpoint
 * (issue 17): cosignatures are stored as the submitter stores them (saveCosignature), made by
 * two witness keys under a 2-of-2 policy; the real-process path is in the drills.
 */
describe.each(DIALECTS)('the cosigned checkpoint in what the log hands out (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let d: RecordDriver;
  let recordId: string;
  let policy: Policy;

  beforeAll(async () => {
    policy = parsePolicy(
      [
        `log ${LOG.vkey}`,
        `witness w1 ${W1.vkey}`,
        `witness w2 ${W2.vkey}`,
        'group both 2 w1 w2',
        'quorum both',
      ].join('\n'),
    );
    kit = await oversightKit(dialect, {}, undefined, { witnessPolicy: policy }, LOG.skey);
    inspector = await kit.signIn('custody_inspector');
    d = new RecordDriver(kit, inspector);
    recordId = await d.open(T0);
    await d.run('RecordDelivery', '2025-03-01T09:30:00.000Z', { unitId: kit.units.own });
  });
  afterAll(() => kit.close());

  const get = (url: string, who?: SignedIn) =>
    kit.app.inject({ method: 'GET', url, ...(who ? { headers: { cookie: who.cookie } } : {}) });
  const latest = async () => {
    const cp = await kit.store.latestCheckpoint();
    if (cp === null) throw new Error('no checkpoint');
    return cp;
  };
  /**
   * Witness `name` cosigns the log's checkpoint `cp`, kept as the submitter keeps it. (Every
   * read of a record is itself an entry of the log, so the log grows as the test reads.)
   */
  const cosign = async (name: 'w1' | 'w2', cp: CheckpointInfo) => {
    const cosigner = cosignerFromSkey((name === 'w1' ? W1 : W2).skey);
    const ts = Math.floor(Date.now() / 1000);
    const line = cosigner.cosignLine(noteBody(cp.note), ts);
    await saveCosignature(
      kit.database,
      { witness: name, size: cp.size, line, cosignedAt: ts },
      new Date().toISOString(),
    );
  };
  /** The witnessed checkpoint checked as a client would: quorum, then consistency to `outer`. */
  const check = (w: WitnessedCheckpoint, outer: { size: number; root: string }) => {
    const opened = verifyCheckpointNote(w.checkpoint, policy);
    expect(opened.checkpoint.size).toBe(w.treeSize);
    const ok = verifyConsistency(
      w.treeSize,
      outer.size,
      opened.checkpoint.root,
      fromHex(outer.root),
      w.consistencyProof.map(fromBase64),
    );
    expect(ok, 'consistency from the witnessed checkpoint').toBe(true);
    return opened;
  };
  const bundle = async () => {
    const r = await get(`/api/v1/records/${recordId}/extract/bundle`, inspector);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<ExtractBundle>();
  };

  test('the log publishes its witness policy, anonymously, as a tlog-policy file', async () => {
    const r = await get('/api/v1/integrity/witness-policy');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const back = parsePolicy(r.body);
    expect(back.logs.map((l) => l.vkey)).toEqual([LOG.vkey]);
    expect(back.witnesses.map((w) => [w.name, w.vkey])).toEqual([
      ['w1', W1.vkey],
      ['w2', W2.vkey],
    ]);
    expect(describeQuorum(back.quorum)).toBe('2 of (w1, w2)');
  });

  test('before any witness cosigned: nothing witnessed, the latest checkpoint as before', async () => {
    const json = (
      await get('/api/v1/integrity/checkpoint?format=json')
    ).json<LatestCheckpointView>();
    expect(json.witnessed).toBeNull();
    expect(json.cosignatures).toEqual([]);
    const receipt = (await get('/api/v1/integrity/receipts/0', inspector)).json<IntegrityReceipt>();
    expect(receipt.witnessed).toBeNull();
    const proofs = (
      await get(`/api/v1/records/${recordId}/proofs`, inspector)
    ).json<RecordProofs>();
    expect(proofs.witnessed).toBeNull();
    const b = await bundle();
    expect(b.treeSize).toBe((await latest()).size);
    expect(signatureLines(b.checkpoint)).toHaveLength(1);
    expect(verifyCheckpointNote(b.checkpoint, policy).quorum).toBe(false);
  });

  test('a cosigned checkpoint travels with the checkpoint, receipts, proofs and extracts', async () => {
    const first = await latest();
    await cosign('w1', first);
    await cosign('w2', first);

    // The cosigned checkpoint is the latest: its text carries both cosignatures.
    const text = (await get('/api/v1/integrity/checkpoint')).body;
    expect(signatureLines(text)).toHaveLength(3);
    expect(verifyCheckpointNote(text, policy).quorum).toBe(true);
    const tiled = await get('/log/checkpoint');
    expect(tiled.body).toBe(text);
    const b1 = await bundle();
    expect(b1.treeSize).toBe(first.size);
    expect((await latest()).size, 'the read itself was logged').toBeGreaterThan(first.size);
    expect(verifyCheckpointNote(b1.checkpoint, policy).quorum).toBe(true);
    expect(verifyExtract(b1, [kit.vkey]).ok).toBe(true);

    // The log grows past it: the latest is no longer cosigned, the witnessed one is proved to it.
    const late = await d.run('RegisterDetainee', '2025-03-01T09:35:00.000Z', {
      custodyNumber: 'K-1',
    });
    const json = (
      await get('/api/v1/integrity/checkpoint?format=json')
    ).json<LatestCheckpointView>();
    const second = await latest();
    expect(json.size).toBe(second.size);
    expect(json.cosignatures).toEqual([]);
    expect(signatureLines((await get('/api/v1/integrity/checkpoint')).body)).toHaveLength(1);
    expect(json.witnessed?.treeSize).toBe(first.size);
    expect(json.witnessed?.witnesses.sort()).toEqual(['w1', 'w2']);
    expect(check(json.witnessed as WitnessedCheckpoint, second).quorum).toBe(true);
    expect((await get('/log/checkpoint')).body).toBe(text);

    // A receipt of an entry the witnesses saw carries the witnessed checkpoint; a later one not.
    const seen = (await get('/api/v1/integrity/receipts/0', inspector)).json<IntegrityReceipt>();
    expect(seen.treeSize).toBe(second.size);
    expect(seen.witnessed?.treeSize).toBe(first.size);
    check(seen.witnessed as WitnessedCheckpoint, second);
    const unseen = await get(`/api/v1/integrity/receipts/${String(late.logIndex)}`, inspector);
    expect(unseen.json<IntegrityReceipt>().witnessed).toBeNull();

    // The record's proofs: against the latest, with the witnessed checkpoint proved to it.
    const proofs = (
      await get(`/api/v1/records/${recordId}/proofs`, inspector)
    ).json<RecordProofs>();
    expect(proofs.treeSize).toBeGreaterThan(first.size);
    expect(proofs.witnessed?.treeSize).toBe(first.size);
    const outer = verifyCheckpointNote(proofs.checkpoint, policy).checkpoint;
    check(proofs.witnessed as WitnessedCheckpoint, { size: outer.size, root: toHex(outer.root) });

    // The extract: the record's last entry is not witnessed yet, so it is the latest checkpoint.
    const b2 = await bundle();
    expect(b2.treeSize).toBeGreaterThan(late.logIndex);
    expect(verifyCheckpointNote(b2.checkpoint, policy).quorum).toBe(false);
    expect(verifyExtract(b2, [kit.vkey]).ok).toBe(true);
  });

  test('the extract takes the newest checkpoint a quorum cosigned that holds the record', async () => {
    const second = await latest();
    await cosign('w1', second);
    // w1 alone: no quorum on any checkpoint that holds the record's last entry
    const lone = await bundle();
    expect(lone.treeSize).toBe(second.size);
    const opened = verifyCheckpointNote(lone.checkpoint, policy);
    expect(opened.cosignatures.map((c) => c.witness)).toEqual(['w1']);
    expect(opened.quorum).toBe(false);
    // /log/checkpoint keeps serving the older checkpoint the quorum cosigned
    const tiled = verifyCheckpointNote((await get('/log/checkpoint')).body, policy);
    expect(tiled.quorum).toBe(true);
    expect(tiled.checkpoint.size).toBeLessThan(second.size);

    await cosign('w2', second);
    const both = await bundle();
    expect(both.treeSize).toBe(second.size);
    expect(verifyCheckpointNote(both.checkpoint, policy).quorum).toBe(true);
    const verified = verifyExtract(both, [kit.vkey]);
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);

    // The log grows (reads, other records); this record's extract stays on the cosigned one.
    const other = new RecordDriver(kit, inspector);
    await other.open('2025-03-01T10:00:00.000Z');
    expect((await latest()).size).toBeGreaterThan(second.size);
    const still = await bundle();
    expect(still.treeSize).toBe(second.size);
    expect(verifyExtract(still, [kit.vkey]).ok).toBe(true);
    expect(verifyCheckpointNote(still.checkpoint, policy).quorum).toBe(true);
  });
});
