import { NoteError, openNote, parseCheckpoint, toHex, type NoteVerifier } from '@custody/ledger';
import type { VerifyProblem } from './types.ts';

export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  note: string;
}

const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Opens and parses a checkpoint note; returns a reason instead of throwing. */
export function readCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
): { size: number; root: Uint8Array } | string {
  try {
    const { text } = openNote(note, verifiers);
    return parseCheckpoint(text);
  } catch (error) {
    if (error instanceof NoteError || error instanceof TypeError) return error.message;
    throw error;
  }
}

/**
 * Checks each stored checkpoint when the rebuilt tree reaches its size: its signature by a
 * trusted key, its stated size and root against the root recomputed from the leaves. Since
 * every checkpoint is checked against one rebuilt leaf sequence, each is consistent with the
 * one before (RFC 9162 §2.1.4). A problem names the first leaf not covered by the last
 * trusted checkpoint.
 */
export class CheckpointChecker {
  checked = 0;
  /** Size of the last checkpoint that verified; leaves from here on are not yet vouched for. */
  trustedSize = 0;

  constructor(
    private readonly verifiers: readonly NoteVerifier[],
    private readonly report: (p: VerifyProblem) => void,
  ) {}

  check(cp: StoredCheckpoint, root: Uint8Array, streamAt: (i: number) => string | undefined): void {
    this.checked++;
    const at: VerifyProblem = { logIndex: this.trustedSize, kind: '', message: '' };
    const streamId = streamAt(this.trustedSize);
    if (streamId !== undefined) at.streamId = streamId;
    const opened = readCheckpoint(cp.note, this.verifiers);
    if (typeof opened === 'string') {
      this.report({
        ...at,
        kind: 'checkpoint-signature',
        message: `checkpoint ${cp.size}: ${opened}`,
      });
      return;
    }
    if (opened.size !== cp.size || !view(opened.root).equals(view(cp.root))) {
      this.report({
        ...at,
        kind: 'checkpoint-row',
        message: `checkpoint ${cp.size}: the row disagrees with its signed note`,
      });
      return;
    }
    if (!view(opened.root).equals(view(root))) {
      this.report({
        ...at,
        kind: 'checkpoint-root',
        message: `checkpoint ${cp.size}: signed root ${toHex(opened.root)} is not the root of the stored leaves ${toHex(root)}`,
      });
      return;
    }
    this.trustedSize = cp.size;
  }
}
