import type { CheckpointView } from '@custody/contracts';
import { leafHash, toHex } from '@custody/ledger';
import { describe, expect, it } from 'vitest';
import { earlierCheckpoint, judgeLog } from './log-status.ts';
import { testLog } from './test-log.fixture.ts';

const ORIGIN = 'custody.kyiv.npu.gov.ua/log';
const utf8 = new TextEncoder();

/** A real log of `n` leaves signed by a real key: checkpoints at any size, consistency proofs. */
function log(n: number, origin = ORIGIN) {
  const l = testLog(n, origin);
  const checkpoint = (size: number, root = l.root(size)) => {
    const view: CheckpointView = {
      origin,
      size,
      root: toHex(root),
      note: l.note(size, root),
      createdAt: null,
    };
    return view;
  };
  const proof = (from: number, to: number) => ({ from, to, proof: l.proof(from, to) });
  return { vkey: l.vkey, checkpoint, proof };
}

describe('the log status a person reads first', () => {
  it('intact up to the last entry of the latest signed checkpoint, proved to extend the earlier', () => {
    const l = log(13);
    const checkpoints = [l.checkpoint(13), l.checkpoint(9), l.checkpoint(5)];
    const earlier = earlierCheckpoint(null, checkpoints);
    expect(earlier?.size).toBe(5);
    const status = judgeLog({ vkey: l.vkey, checkpoints, earlier, proof: l.proof(5, 13) });
    expect(status).toMatchObject({
      state: 'intact',
      size: 13,
      lastEntry: 12,
      signer: ORIGIN,
      extends: 5,
    });
  });

  it('proves the log grew from the checkpoint this browser remembered', () => {
    const l = log(20);
    const remembered = { origin: ORIGIN, size: 3, root: l.checkpoint(3).root };
    const checkpoints = [l.checkpoint(20), l.checkpoint(18)];
    const earlier = earlierCheckpoint(remembered, checkpoints);
    expect(earlier).toEqual(remembered);
    expect(judgeLog({ vkey: l.vkey, checkpoints, earlier, proof: l.proof(3, 20) })).toMatchObject({
      state: 'intact',
      extends: 3,
    });
  });

  it('warns when a remembered checkpoint is not extended: a rewritten or shortened log', () => {
    const l = log(10);
    const forged = { origin: ORIGIN, size: 4, root: toHex(leafHash(utf8.encode('other'))) };
    const checkpoints = [l.checkpoint(10)];
    expect(
      judgeLog({ vkey: l.vkey, checkpoints, earlier: forged, proof: l.proof(4, 10) }),
    ).toMatchObject({ state: 'broken', problem: 'consistency' });
    const longer = { origin: ORIGIN, size: 12, root: l.checkpoint(10).root };
    expect(judgeLog({ vkey: l.vkey, checkpoints, earlier: longer, proof: null })).toMatchObject({
      state: 'broken',
      problem: 'consistency',
    });
  });

  it('warns on a checkpoint signed by another key, or a listed root its note does not sign', () => {
    const l = log(6);
    const other = log(6);
    expect(
      judgeLog({ vkey: l.vkey, checkpoints: [other.checkpoint(6)], earlier: null, proof: null }),
    ).toMatchObject({ state: 'broken', problem: 'signature' });
    const lying = { ...l.checkpoint(6), root: l.checkpoint(5).root };
    expect(
      judgeLog({ vkey: l.vkey, checkpoints: [lying], earlier: null, proof: null }),
    ).toMatchObject({ state: 'broken', problem: 'mismatch' });
    expect(
      judgeLog({ vkey: null, checkpoints: [l.checkpoint(6)], earlier: null, proof: null }),
    ).toMatchObject({ state: 'broken', problem: 'no_key' });
    expect(judgeLog({ vkey: l.vkey, checkpoints: [], earlier: null, proof: null })).toEqual({
      state: 'empty',
    });
  });
});
