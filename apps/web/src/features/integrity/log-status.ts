import type { CheckpointView, ConsistencyProofView } from '@custody/contracts';
import {
  equalBytes,
  fromBase64,
  fromHex,
  openNote,
  parseCheckpoint,
  toHex,
  verifierFromVkey,
  verifyConsistency,
  type NoteVerifier,
} from '@custody/ledger';

/** A checkpoint this browser has already checked: enough to prove the log only grew since. */
export interface SeenCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
}

/** Why the log could not be called intact; the screen names each in the user's language. */
export type LogProblem = 'no_key' | 'key_invalid' | 'signature' | 'mismatch' | 'consistency';

export type LogStatus =
  | { readonly state: 'empty' }
  | {
      readonly state: 'intact';
      /** The number of entries the latest signed checkpoint covers. */
      readonly size: number;
      /** The log index of its last entry (entries are numbered from 0, as on the record pages). */
      readonly lastEntry: number;
      /** The key that signed it: the installation's log origin and the key's id. */
      readonly signer: string;
      readonly keyId: string;
      /** The earlier checkpoint it was proved to extend (append-only), when there was one. */
      readonly extends: number | null;
      readonly checkpointAt: string | null;
    }
  | { readonly state: 'broken'; readonly problem: LogProblem; readonly size: number | null };

/** The checkpoint's signed note opened with the trusted key, its body parsed; null when it fails. */
function opened(c: CheckpointView, key: NoteVerifier): { size: number; root: string } | null {
  try {
    const body = parseCheckpoint(openNote(c.note, [key]).text);
    if (body.origin !== key.name) return null;
    return { size: body.size, root: toHex(body.root) };
  } catch {
    return null;
  }
}

/**
 * What a person is told about the log (issue 15 point 7), decided in the browser from the
 * published verifier key: the latest checkpoint's signature, that the listed checkpoints say what
 * their signed notes say, and a consistency proof that the log only grew since `earlier` (the
 * checkpoint this browser saw last, else the oldest listed). `proof` is the server's answer for
 * `earlier.size` → latest size, or null when none was asked.
 */
export function judgeLog(input: {
  vkey: string | null;
  checkpoints: readonly CheckpointView[];
  earlier: SeenCheckpoint | null;
  proof: ConsistencyProofView | null;
}): LogStatus {
  const latest = input.checkpoints[0];
  if (latest === undefined || latest.size === 0) return { state: 'empty' };
  const broken = (problem: LogProblem): LogStatus => ({
    state: 'broken',
    problem,
    size: latest.size,
  });
  if (input.vkey === null) return broken('no_key');
  let key: NoteVerifier;
  try {
    key = verifierFromVkey(input.vkey);
  } catch {
    return broken('key_invalid');
  }
  for (const c of input.checkpoints) {
    const body = opened(c, key);
    if (body === null) return broken('signature');
    if (body.size !== c.size || body.root !== c.root.toLowerCase()) return broken('mismatch');
  }
  const earlier = input.earlier;
  let extendsSize: number | null = null;
  if (earlier !== null && earlier.origin === key.name && earlier.size < latest.size) {
    const proof = input.proof;
    if (proof?.from !== earlier.size || proof.to !== latest.size) return broken('consistency');
    let hashes: Uint8Array[];
    try {
      hashes = proof.proof.map((h) => fromBase64(h));
    } catch {
      return broken('consistency');
    }
    const ok = verifyConsistency(
      earlier.size,
      latest.size,
      fromHex(earlier.root),
      fromHex(latest.root),
      hashes,
    );
    if (!ok) return broken('consistency');
    extendsSize = earlier.size;
  } else if (earlier !== null && earlier.origin === key.name && earlier.size === latest.size) {
    if (!equalBytes(fromHex(earlier.root), fromHex(latest.root))) return broken('consistency');
  } else if (earlier !== null && earlier.origin === key.name && earlier.size > latest.size) {
    // The server now shows a shorter log than this browser already saw: a deleted tail.
    return broken('consistency');
  }
  return {
    state: 'intact',
    size: latest.size,
    lastEntry: latest.size - 1,
    signer: key.name,
    keyId: toHex(key.keyId),
    extends: extendsSize,
    checkpointAt: latest.createdAt,
  };
}

/** The checkpoint to prove the latest extends: the one remembered here, else the oldest listed. */
export function earlierCheckpoint(
  remembered: SeenCheckpoint | null,
  checkpoints: readonly CheckpointView[],
): SeenCheckpoint | null {
  const latest = checkpoints[0];
  if (latest === undefined) return null;
  if (remembered !== null && remembered.origin === latest.origin) return remembered;
  const oldest = checkpoints.at(-1);
  return oldest === undefined || oldest === latest
    ? null
    : { origin: oldest.origin, size: oldest.size, root: oldest.root };
}
