import type { Checkpoint } from './checkpoint.ts';
import { parseCheckpoint } from './checkpoint.ts';
import type { Policy, PolicyLog, PolicyWitness } from './policy.ts';
import { quorumMet } from './policy.ts';
import { NoteError, openNote } from './signed-note.ts';

/** One witness's valid cosignature on a checkpoint. */
export interface CheckpointCosignature {
  /** The witness's name in the policy. */
  readonly witness: string;
  /** The key name on the signature line (the witness's own name for itself). */
  readonly keyName: string;
  /** When it cosigned (POSIX seconds): as of then, this was the largest tree it had seen. */
  readonly timestamp: number;
}

/** A checkpoint signed by a log of the policy, and what its witnesses said of it. */
export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly text: string;
  readonly log: PolicyLog;
  /** One per witness of the policy whose cosignature verified. */
  readonly cosignatures: readonly CheckpointCosignature[];
  /** Cosignatures that verified but were not counted, and why (a time in the future). */
  readonly uncounted: readonly { readonly witness: string; readonly reason: string }[];
  /** Whether the cosigning witnesses satisfy the policy's quorum. */
  readonly quorum: boolean;
}

export interface CheckpointOptions {
  /** Now, in POSIX seconds: cosignatures dated later than now + `maxSkew` do not count. */
  readonly now?: number;
  /** Allowed clock difference in seconds (default 600). */
  readonly maxSkew?: number;
}

/**
 * Opens a (cosigned) checkpoint under a c2sp.org/tlog-policy, the client check of
 * c2sp.org/tlog-cosignature: the note must carry a valid Ed25519 signature by a log of the
 * policy whose key name is the checkpoint's origin; each witness of the policy whose cosignature
 * line (name and key ID) is present is counted once if its cosignature/v1 signature verifies;
 * a signature by any key of the policy that fails rejects the whole note (c2sp.org/signed-note);
 * signatures by unknown keys are ignored. The quorum is computed, not required: see
 * {@link requireQuorum}. Throws NoteError or TypeError.
 */
export function verifyCheckpointNote(
  note: string,
  policy: Policy,
  options: CheckpointOptions = {},
): VerifiedCheckpoint {
  const logs = new Map(policy.logs.map((l) => [l.verifier, l] as const));
  const witnesses = new Map<unknown, PolicyWitness>(policy.witnesses.map((w) => [w.verifier, w]));
  const opened = openNote(note, [
    ...policy.logs.map((l) => l.verifier),
    ...policy.witnesses.map((w) => w.verifier),
  ]);
  const checkpoint = parseCheckpoint(opened.text);
  const log = opened.verified
    .map((v) => logs.get(v.verifier))
    .find((l) => l !== undefined && l.origin === checkpoint.origin);
  if (log === undefined) {
    throw new NoteError(`checkpoint of ${checkpoint.origin} carries no signature by that log`);
  }
  const cosignatures: CheckpointCosignature[] = [];
  const uncounted: { witness: string; reason: string }[] = [];
  const latest = (options.now ?? Infinity) + (options.maxSkew ?? 600);
  for (const v of opened.verified) {
    const w = witnesses.get(v.verifier);
    if (w === undefined) continue;
    const timestamp = w.verifier.timestampOf(v.sig) ?? 0;
    if (timestamp > latest) uncounted.push({ witness: w.name, reason: 'dated in the future' });
    else cosignatures.push({ witness: w.name, keyName: w.verifier.name, timestamp });
  }
  const quorum = quorumMet(policy.quorum, new Set(cosignatures.map((c) => c.witness)));
  return { checkpoint, text: opened.text, log, cosignatures, uncounted, quorum };
}

/** The checkpoint when its quorum is met; otherwise a NoteError naming who cosigned. */
export function requireQuorum(verified: VerifiedCheckpoint): VerifiedCheckpoint {
  if (verified.quorum) return verified;
  const who = verified.cosignatures.map((c) => c.witness).join(', ') || 'no witness';
  throw new NoteError(`the witness quorum is not met (cosigned by ${who})`);
}
