import type { LatestCheckpointView, RecordProofs } from '@custody/contracts';
import {
  describeQuorum,
  equalBytes,
  fromBase64,
  parsePolicy,
  verifierFromVkey,
  verifyCheckpointNote,
  verifyConsistency,
  type Policy,
} from '@custody/ledger';

/** Why the witnesses' word could not be checked; the screen names each in the user's language. */
export type QuorumProblem =
  /** The policy is not a c2sp.org/tlog-policy file. */
  | 'policy_invalid'
  /** The policy does not name this log's published key. */
  | 'policy_other_log'
  /** The latest checkpoint is not signed by the policy's log. */
  | 'signature'
  /** A cosignature by a witness of the policy does not verify, or the note is malformed. */
  | 'cosignature'
  /** The witnessed checkpoint is not an earlier state of the latest one. */
  | 'consistency';

export type QuorumStatus =
  | { readonly state: 'no_policy' }
  /** No witness has cosigned a checkpoint of this log yet. */
  | { readonly state: 'not_witnessed'; readonly quorum: string }
  | {
      /** `witnessed`: the quorum cosigned; `no_quorum`: some witnesses did, not enough. */
      readonly state: 'witnessed' | 'no_quorum';
      readonly quorum: string;
      /** Entries the witnessed checkpoint holds; the last one's log index is `size - 1`. */
      readonly size: number;
      /** Entries of the latest checkpoint not yet witnessed. */
      readonly pending: number;
      /** The witnesses whose cosignatures verified, in the policy's order. */
      readonly cosignedBy: readonly string[];
      /** How many witnesses the policy names. */
      readonly witnessCount: number;
      /** The latest cosignature's own time (ISO), null when none counted. */
      readonly cosignedAt: string | null;
    }
  | { readonly state: 'broken'; readonly problem: QuorumProblem; readonly detail: string };

function attempt<T>(work: () => T): T | null {
  try {
    return work();
  } catch {
    return null;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The witnesses' quorum decided in the browser (issue 17) with the one ledger: `policyText` is
 * the c2sp.org/tlog-policy the installation publishes or the one the user pasted; it must name
 * the log's published key (`vkey`, when known). The latest checkpoint must be signed by the
 * policy's log; the witnessed checkpoint (`latest.witnessed`) must carry valid cosignatures
 * (c2sp.org/tlog-cosignature: distinct witnesses, a bad one by a policy key fails, one dated
 * more than 10 minutes after `now` does not count) and be proved, by its RFC 9162 consistency
 * proof, to be an earlier state of the latest checkpoint. Then the quorum is met or not.
 */
export function judgeQuorum(input: {
  policyText: string | null;
  vkey: string | null;
  /** The latest checkpoint's signed note and the witnessed one (checkpoint JSON, record proofs). */
  latest: Pick<LatestCheckpointView, 'note'> & {
    readonly witnessed: LatestCheckpointView['witnessed'] | undefined;
  };
  /** POSIX seconds. */
  now: number;
}): QuorumStatus {
  const text = input.policyText?.trim() ?? '';
  if (text === '') return { state: 'no_policy' };
  let policy: Policy;
  try {
    policy = parsePolicy(`${text}\n`);
  } catch (e) {
    return { state: 'broken', problem: 'policy_invalid', detail: message(e) };
  }
  const quorum = describeQuorum(policy.quorum);
  const ours = attempt(() => (input.vkey === null ? null : verifierFromVkey(input.vkey.trim())));
  // An invalid published key is the log panel's alarm; here it only cannot narrow the policy.
  if (ours !== null) {
    const named = policy.logs.some(
      (l) => l.origin === ours.name && equalBytes(l.verifier.keyId, ours.keyId),
    );
    if (!named) return { state: 'broken', problem: 'policy_other_log', detail: ours.name };
  }
  let latest;
  try {
    latest = verifyCheckpointNote(input.latest.note, policy, { now: input.now }).checkpoint;
  } catch (e) {
    return { state: 'broken', problem: 'signature', detail: message(e) };
  }
  const w = input.latest.witnessed;
  if (w === null || w === undefined) return { state: 'not_witnessed', quorum };
  let opened;
  try {
    opened = verifyCheckpointNote(w.checkpoint, policy, { now: input.now });
  } catch (e) {
    return { state: 'broken', problem: 'cosignature', detail: message(e) };
  }
  const cp = opened.checkpoint;
  let consistent: boolean;
  try {
    consistent =
      cp.origin === latest.origin &&
      cp.size === w.treeSize &&
      cp.size <= latest.size &&
      (cp.size === latest.size
        ? equalBytes(cp.root, latest.root)
        : verifyConsistency(
            cp.size,
            latest.size,
            cp.root,
            latest.root,
            w.consistencyProof.map((h) => fromBase64(h)),
          ));
  } catch {
    consistent = false;
  }
  if (!consistent) {
    return { state: 'broken', problem: 'consistency', detail: `${cp.size} → ${latest.size}` };
  }
  const signed = new Set(opened.cosignatures.map((c) => c.witness));
  const times = opened.cosignatures.map((c) => c.timestamp);
  return {
    state: opened.quorum ? 'witnessed' : 'no_quorum',
    quorum,
    size: cp.size,
    pending: latest.size - cp.size,
    cosignedBy: policy.witnesses.map((x) => x.name).filter((name) => signed.has(name)),
    witnessCount: policy.witnesses.length,
    cosignedAt: times.length === 0 ? null : new Date(Math.max(...times) * 1000).toISOString(),
  };
}

/** The witnesses' word on one record's proofs: the quorum, and how many of its entries it covers. */
export interface RecordWitnessing {
  readonly status: QuorumStatus;
  /** The record's entries below the witnessed checkpoint's size (0 unless witnessed/no_quorum). */
  readonly covered: number;
  readonly entries: number;
}

/**
 * The record page's witness check (issue 17 point 3), by `judgeQuorum` on the record's proofs:
 * the checkpoint they are proved against must be signed by the policy's log, `witnessed` must
 * carry valid cosignatures and be proved consistent with it; the record's entries whose log index
 * is below the witnessed size are the ones the witnesses saw.
 */
export function judgeRecordWitnessing(input: {
  policyText: string | null;
  vkey: string | null;
  proofs: Pick<RecordProofs, 'checkpoint'> & {
    /** Absent from the proofs of a server older than the witnesses. */
    readonly witnessed?: RecordProofs['witnessed'] | undefined;
    readonly leaves: readonly { readonly logIndex: number }[];
  };
  now: number;
}): RecordWitnessing {
  const status = judgeQuorum({
    policyText: input.policyText,
    vkey: input.vkey,
    latest: { note: input.proofs.checkpoint, witnessed: input.proofs.witnessed },
    now: input.now,
  });
  const size = status.state === 'witnessed' || status.state === 'no_quorum' ? status.size : 0;
  return {
    status,
    covered: input.proofs.leaves.filter((l) => l.logIndex < size).length,
    entries: input.proofs.leaves.length,
  };
}
