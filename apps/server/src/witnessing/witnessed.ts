import type { WitnessedCheckpoint } from '@custody/contracts';
import type { AppDeps } from '../http/types.ts';
import type { CheckpointInfo, EventStore } from '../store/index.ts';
import { cosignedCheckpoint } from './witnessing.db.ts';

/**
 * The witnessed checkpoint that goes with a receipt, a record's proofs or the latest checkpoint
 * (issue 17): the newest checkpoint the witnesses cosigned, at most `outer`'s size and larger
 * than `covering` (a log index it must hold), preferring one that meets the quorum, with the
 * RFC 9162 §2.1.4 consistency proof from its size to `outer`'s. Null while there is none, and
 * always without a witness policy (CUSTODY_WITNESS_POLICY).
 */
export async function witnessedFor(
  deps: Pick<AppDeps, 'database' | 'witnessPolicy'> & { readonly store: EventStore },
  outer: Pick<CheckpointInfo, 'size' | 'note'>,
  covering = -1,
): Promise<WitnessedCheckpoint | null> {
  if (deps.witnessPolicy === undefined) return null;
  const cosigned = await cosignedCheckpoint(deps.database, {
    atMost: outer.size,
    above: covering,
    policy: deps.witnessPolicy,
    latest: outer,
  });
  if (cosigned === null) return null;
  return {
    treeSize: cosigned.size,
    checkpoint: cosigned.note,
    witnesses: [...cosigned.witnesses],
    consistencyProof:
      cosigned.size === outer.size
        ? []
        : await deps.store.consistencyProof(cosigned.size, outer.size),
  };
}
