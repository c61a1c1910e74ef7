import type { LatestCheckpointView } from '@custody/contracts';
import { cosignerFromSkey, generateCosignerKey, toHex, withSignatures } from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { testLog } from './test-log.fixture.ts';
import { judgeQuorum, judgeRecordWitnessing } from './witness-quorum.ts';

const ORIGIN = 'custody.kyiv.npu.gov.ua/log';
const NOW = 1_780_000_000;
const W1 = generateCosignerKey('witness.ombudsman.example/w1');
const W2 = generateCosignerKey('witness.prosecutor.example/w');

/** A real log of `n` leaves signed by a real key, cosigned by real witness keys on demand. */
function log(n: number) {
  const { vkey, root, note, proof } = testLog(n, ORIGIN);
  const cosigned = (size: number, by: readonly { skey: string }[], ts = NOW - 30) => {
    const text = note(size);
    const body = text.slice(0, text.indexOf('\n\n') + 1);
    return withSignatures(
      text,
      by.map((w) => cosignerFromSkey(w.skey).cosignLine(body, ts)),
    );
  };
  /** The JSON of /api/v1/integrity/checkpoint at `size`, witnessed at `at` by `by`. */
  const latest = (
    size: number,
    at: number | null,
    by: readonly { skey: string }[] = [W1, W2],
  ): LatestCheckpointView => ({
    origin: ORIGIN,
    size,
    root: toHex(root(size)),
    note: note(size),
    createdAt: null,
    cosignatures: [],
    witnessed:
      at === null
        ? null
        : {
            treeSize: at,
            checkpoint: cosigned(at, by),
            witnesses: [],
            consistencyProof: at === size ? [] : proof(at, size),
          },
  });
  const policy = (k = '2') =>
    [
      `log ${vkey}`,
      `witness ombudsman ${W1.vkey} https://witness.ombudsman.example/w1`,
      `witness prosecutor ${W2.vkey}`,
      `group both ${k} ombudsman prosecutor`,
      'quorum both',
    ].join('\n');
  return { vkey, latest, policy, cosigned, note, root };
}

describe('the witnesses’ quorum checked in the browser', () => {
  it('witnessed up to the cosigned checkpoint, proved to be an earlier state of the latest', () => {
    const l = log(20);
    const status = judgeQuorum({
      policyText: l.policy(),
      vkey: l.vkey,
      latest: l.latest(20, 13),
      now: NOW,
    });
    expect(status).toEqual({
      state: 'witnessed',
      quorum: '2 of (ombudsman, prosecutor)',
      size: 13,
      pending: 7,
      cosignedBy: ['ombudsman', 'prosecutor'],
      witnessCount: 2,
      cosignedAt: new Date((NOW - 30) * 1000).toISOString(),
    });
    const same = judgeQuorum({
      policyText: l.policy(),
      vkey: l.vkey,
      latest: l.latest(20, 20),
      now: NOW,
    });
    expect(same).toMatchObject({ state: 'witnessed', size: 20, pending: 0 });
  });

  it('names a quorum not met, and counts one witness once', () => {
    const l = log(9);
    const one = judgeQuorum({
      policyText: l.policy(),
      vkey: l.vkey,
      latest: l.latest(9, 5, [W1]),
      now: NOW,
    });
    expect(one).toMatchObject({ state: 'no_quorum', cosignedBy: ['ombudsman'], size: 5 });
    const twice = judgeQuorum({
      policyText: l.policy(),
      vkey: l.vkey,
      latest: l.latest(9, 5, [W1, W1]),
      now: NOW,
    });
    expect(twice.state).toBe('no_quorum');
    const any = judgeQuorum({
      policyText: l.policy('any'),
      vkey: l.vkey,
      latest: l.latest(9, 5, [W1]),
      now: NOW,
    });
    expect(any.state).toBe('witnessed');
  });

  it('without a policy, or before any witness cosigned', () => {
    const l = log(4);
    expect(
      judgeQuorum({ policyText: null, vkey: l.vkey, latest: l.latest(4, null), now: NOW }),
    ).toEqual({
      state: 'no_policy',
    });
    expect(
      judgeQuorum({ policyText: '  \n', vkey: l.vkey, latest: l.latest(4, 2), now: NOW }).state,
    ).toBe('no_policy');
    expect(
      judgeQuorum({ policyText: l.policy(), vkey: l.vkey, latest: l.latest(4, null), now: NOW }),
    ).toEqual({ state: 'not_witnessed', quorum: '2 of (ombudsman, prosecutor)' });
  });

  it('refuses a malformed policy, or one that names another log', () => {
    const l = log(6);
    const bad = judgeQuorum({
      policyText: 'witness x y\nquorum x',
      vkey: l.vkey,
      latest: l.latest(6, 3),
      now: NOW,
    });
    expect(bad).toMatchObject({ state: 'broken', problem: 'policy_invalid' });
    const other = log(6);
    const foreign = judgeQuorum({
      policyText: other.policy(),
      vkey: l.vkey,
      latest: l.latest(6, 3),
      now: NOW,
    });
    expect(foreign).toMatchObject({ state: 'broken', problem: 'policy_other_log' });
  });

  it('fails a forged cosignature, a checkpoint by another key and a witnessed tree that does not lead to the latest', () => {
    const l = log(12);
    const good = l.latest(12, 8);
    const w = good.witnessed;
    if (w === null) throw new Error('witnessed');
    const forged = w.checkpoint.replace(
      /(— witness\.prosecutor\.example\/w )(\S+)\n/,
      (_m, head: string, b64: string) => {
        const flipped = b64.slice(0, -3) + (b64.at(-3) === 'A' ? 'B' : 'A') + b64.slice(-2);
        return `${head}${flipped}\n`;
      },
    );
    expect(forged).not.toBe(w.checkpoint);
    const policyText = l.policy();
    const judge = (latest: LatestCheckpointView) =>
      judgeQuorum({ policyText, vkey: l.vkey, latest, now: NOW });
    expect(judge({ ...good, witnessed: { ...w, checkpoint: forged } })).toMatchObject({
      state: 'broken',
      problem: 'cosignature',
    });
    const stranger = log(12);
    expect(judge({ ...good, note: stranger.note(12) })).toMatchObject({
      state: 'broken',
      problem: 'signature',
    });
    // a fork: the witnesses cosigned a different tree of 8 than the latest extends
    const forkRoot = new Uint8Array(32).fill(7);
    const forkNote = l.note(8, forkRoot);
    const body = forkNote.slice(0, forkNote.indexOf('\n\n') + 1);
    const forkCosigned = withSignatures(
      forkNote,
      [W1, W2].map((x) => cosignerFromSkey(x.skey).cosignLine(body, NOW - 30)),
    );
    expect(judge({ ...good, witnessed: { ...w, checkpoint: forkCosigned } })).toMatchObject({
      state: 'broken',
      problem: 'consistency',
    });
    expect(judge({ ...good, witnessed: { ...w, consistencyProof: [] } })).toMatchObject({
      state: 'broken',
      problem: 'consistency',
    });
    // the witnessed tree larger than the latest: the log went back
    const back = l.latest(8, 8);
    expect(judge({ ...back, witnessed: l.latest(12, 12).witnessed })).toMatchObject({
      state: 'broken',
      problem: 'consistency',
    });
  });

  it('does not count a cosignature dated more than ten minutes ahead', () => {
    const l = log(5);
    const latest = l.latest(5, 5);
    const ahead = l.cosigned(5, [W1, W2], NOW + 3600);
    const status = judgeQuorum({
      policyText: l.policy(),
      vkey: l.vkey,
      latest: {
        ...latest,
        witnessed: {
          ...(latest.witnessed ?? { treeSize: 5, witnesses: [], consistencyProof: [] }),
          checkpoint: ahead,
        },
      },
      now: NOW,
    });
    expect(status).toMatchObject({ state: 'no_quorum', cosignedBy: [] });
  });
});

describe('the record page’s witness check (record proofs’ witnessed)', () => {
  /** Record proofs against the checkpoint of `size`, the record's entries at `indexes`. */
  const proofsOf = (
    l: ReturnType<typeof log>,
    size: number,
    at: number | null,
    indexes: readonly number[],
    by: readonly { skey: string }[] = [W1, W2],
  ) => {
    const latest = l.latest(size, at, by);
    return {
      checkpoint: latest.note,
      witnessed: latest.witnessed,
      leaves: indexes.map((logIndex) => ({ logIndex })),
    };
  };

  it('names the quorum and the record’s entries the witnessed checkpoint holds', () => {
    const l = log(20);
    const judged = judgeRecordWitnessing({
      policyText: l.policy(),
      vkey: l.vkey,
      proofs: proofsOf(l, 20, 13, [2, 7, 12, 13, 18]),
      now: NOW,
    });
    expect(judged).toMatchObject({
      status: {
        state: 'witnessed',
        size: 13,
        pending: 7,
        cosignedBy: ['ombudsman', 'prosecutor'],
        witnessCount: 2,
      },
      covered: 3,
      entries: 5,
    });
    const all = judgeRecordWitnessing({
      policyText: l.policy(),
      vkey: l.vkey,
      proofs: proofsOf(l, 20, 20, [2, 19]),
      now: NOW,
    });
    expect(all).toMatchObject({ status: { state: 'witnessed', size: 20 }, covered: 2 });
    const one = judgeRecordWitnessing({
      policyText: l.policy(),
      vkey: l.vkey,
      proofs: proofsOf(l, 20, 10, [2, 12], [W2]),
      now: NOW,
    });
    expect(one).toMatchObject({
      status: { state: 'no_quorum', cosignedBy: ['prosecutor'], witnessCount: 2 },
      covered: 1,
      entries: 2,
    });
  });

  it('not yet witnessed when the proofs carry none (null, or absent from an older server)', () => {
    const l = log(6);
    const none = proofsOf(l, 6, null, [1, 4]);
    for (const witnessed of [null, undefined]) {
      expect(
        judgeRecordWitnessing({
          policyText: l.policy(),
          vkey: l.vkey,
          proofs: { ...none, witnessed },
          now: NOW,
        }),
      ).toEqual({
        status: { state: 'not_witnessed', quorum: '2 of (ombudsman, prosecutor)' },
        covered: 0,
        entries: 2,
      });
    }
  });

  it('an alert, covering nothing, when the consistency proof, a cosignature or the log’s signature fails', () => {
    const l = log(16);
    const good = proofsOf(l, 16, 9, [3, 8, 15]);
    const w = good.witnessed;
    if (w === null || w.consistencyProof.length === 0) throw new Error('witnessed');
    const judge = (proofs: typeof good) =>
      judgeRecordWitnessing({ policyText: l.policy(), vkey: l.vkey, proofs, now: NOW });
    expect(judge(good)).toMatchObject({ status: { state: 'witnessed' }, covered: 2 });
    const [first, ...rest] = w.consistencyProof;
    const bent = `${first?.startsWith('A') === true ? 'B' : 'A'}${first?.slice(1) ?? ''}`;
    expect(
      judge({ ...good, witnessed: { ...w, consistencyProof: [bent, ...rest] } }),
    ).toMatchObject({ status: { state: 'broken', problem: 'consistency' }, covered: 0 });
    const forged = w.checkpoint.replace(
      /(— witness\.ombudsman\.example\/w1 )(\S+)\n/,
      (_m, head: string, b64: string) =>
        `${head}${b64.slice(0, 10)}${b64.at(10) === 'A' ? 'B' : 'A'}${b64.slice(11)}\n`,
    );
    expect(forged).not.toBe(w.checkpoint);
    expect(judge({ ...good, witnessed: { ...w, checkpoint: forged } })).toMatchObject({
      status: { state: 'broken', problem: 'cosignature' },
      covered: 0,
    });
    expect(judge({ ...good, checkpoint: log(16).note(16) })).toMatchObject({
      status: { state: 'broken', problem: 'signature' },
      covered: 0,
    });
  });
});
