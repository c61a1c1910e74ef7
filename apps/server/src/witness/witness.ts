import {
  EMPTY_ROOT,
  NoteError,
  WitnessProtocolError,
  TREE_SIZE_CONTENT_TYPE,
  formatTreeSize,
  openNote,
  parseAddCheckpoint,
  parseCheckpoint,
  verifierFromVkey,
  verifyConsistency,
  type Checkpoint,
  type Cosigner,
  type NoteVerifier,
} from '@custody/ledger';
import type { WitnessState } from './witness-state.ts';

/** A log the witness cosigns for: its origin is its key name (c2sp.org/tlog-checkpoint). */
export interface WitnessedLog {
  readonly origin: string;
  readonly verifier: NoteVerifier;
}

/** An HTTP answer of the witness: status, Content-Type and body. */
export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
  /** The checkpoint's origin, when the body named one. */
  readonly origin: string | null;
}

const TEXT = 'text/plain; charset=utf-8';

/** The logs named by their vkeys (Ed25519, type 0x01), one per origin. */
export function witnessedLogs(vkeys: readonly string[]): WitnessedLog[] {
  const logs = new Map<string, WitnessedLog>();
  for (const vkey of vkeys) {
    const verifier = verifierFromVkey(vkey);
    if (logs.has(verifier.name)) throw new Error(`two keys for the log ${verifier.name}`);
    logs.set(verifier.name, { origin: verifier.name, verifier });
  }
  return [...logs.values()];
}

function refuse(
  status: WitnessAnswer['status'],
  reason: string,
  origin: string | null,
): WitnessAnswer {
  return { status, contentType: TEXT, body: `${reason}\n`, origin };
}

/** The checkpoint text of a note (up to its last blank line), or null when it has none. */
function noteText(note: string): string | null {
  const split = note.lastIndexOf('\n\n');
  return split < 0 ? null : note.slice(0, split + 1);
}

/**
 * A witness (c2sp.org/tlog-witness §add-checkpoint): it cosigns a log's checkpoint only if the
 * log signed it, the client knows the size the witness last cosigned, and a consistency proof
 * shows the new tree extends that one; the new checkpoint is stored durably before the
 * cosignature is returned, so nothing smaller or divergent is ever cosigned afterwards.
 */
export class Witness {
  readonly #logs: Map<string, WitnessedLog>;

  constructor(
    private readonly state: WitnessState,
    logs: readonly WitnessedLog[],
    private readonly cosigner: Cosigner,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.#logs = new Map(logs.map((l) => [l.origin, l]));
  }

  get name(): string {
    return this.cosigner.name;
  }

  get vkey(): string {
    return this.cosigner.vkey;
  }

  /** Answers one add-checkpoint request body; refusals are kept in the state as evidence. */
  addCheckpoint(body: string): WitnessAnswer {
    const answer = this.#answer(body);
    if (answer.status !== 200) {
      const at = this.clock().toISOString();
      const reason = answer.body.trimEnd();
      this.state.refused({ at, origin: answer.origin, status: answer.status, reason }, body);
    }
    return answer;
  }

  #answer(body: string): WitnessAnswer {
    let request;
    let checkpoint: Checkpoint;
    try {
      request = parseAddCheckpoint(body);
      const text = noteText(request.note);
      if (text === null) throw new WitnessProtocolError('the checkpoint is not a signed note');
      checkpoint = parseCheckpoint(text);
    } catch (e) {
      return refuse(400, `malformed request: ${(e as Error).message}`, null);
    }
    const { origin } = checkpoint;
    const log = this.#logs.get(origin);
    if (log === undefined) return refuse(404, `unknown log ${origin}`, origin);
    let text: string;
    try {
      text = openNote(request.note, [log.verifier]).text;
    } catch (e) {
      const why = e instanceof NoteError ? e.message : 'unreadable note';
      return refuse(403, `no valid signature by the log: ${why}`, origin);
    }
    if (request.oldSize > checkpoint.size) {
      return refuse(400, 'old size is larger than the checkpoint', origin);
    }
    const now = this.clock();
    return this.state.advance(
      origin,
      (stored) => {
        const size = stored?.size ?? 0;
        if (request.oldSize !== size) {
          const answer: WitnessAnswer = {
            status: 409,
            contentType: TREE_SIZE_CONTENT_TYPE,
            body: formatTreeSize(size),
            origin,
          };
          return { next: null, result: answer };
        }
        const root = stored?.root ?? EMPTY_ROOT;
        if (!verifyConsistency(size, checkpoint.size, root, checkpoint.root, request.proof)) {
          const why =
            size === checkpoint.size
              ? 'same size, different root, or a proof where none is due'
              : 'the consistency proof does not verify';
          return { next: null, result: refuse(422, why, origin) };
        }
        const line = this.cosigner.cosignLine(text, Math.floor(now.getTime() / 1000));
        const next =
          stored !== null && stored.size === checkpoint.size
            ? null
            : { origin, size: checkpoint.size, root: checkpoint.root, note: request.note };
        const answer: WitnessAnswer = { status: 200, contentType: TEXT, body: line, origin };
        return { next, result: answer };
      },
      now.toISOString(),
    );
  }
}
