import {
  consistencyProof,
  formatAddCheckpoint,
  formatCheckpoint,
  leafHash,
  rootOfLeafHashes,
  signNote,
  type NoteSigner,
} from '@custody/ledger';

/**
 * A log held in memory for witness tests: leaves of its own, checkpoints signed with `signer`,
 * consistency proofs from the ledger over subtrees hashed on demand.
 */
export class MemoryLog {
  readonly hashes: Uint8Array[] = [];

  constructor(
    readonly signer: NoteSigner,
    readonly tag = 'a',
  ) {}

  append(n: number): this {
    for (let i = 0; i < n; i += 1) {
      this.hashes.push(leafHash(new TextEncoder().encode(`${this.tag}-${this.hashes.length}`)));
    }
    return this;
  }

  root(size = this.hashes.length): Uint8Array {
    return rootOfLeafHashes(this.hashes.slice(0, size));
  }

  note(size = this.hashes.length, signers: readonly NoteSigner[] = [this.signer]): string {
    const text = formatCheckpoint({
      origin: this.signer.name,
      size,
      root: this.root(size),
      extensions: [],
    });
    return signNote(text, signers);
  }

  proof(oldSize: number, newSize = this.hashes.length): Uint8Array[] {
    if (oldSize === 0 || oldSize === newSize) return [];
    return consistencyProof(oldSize, newSize, (level, index) =>
      rootOfLeafHashes(this.hashes.slice(index * 2 ** level, (index + 1) * 2 ** level)),
    );
  }

  /** The add-checkpoint body from `oldSize` to `size`. */
  body(oldSize: number, size = this.hashes.length): string {
    return formatAddCheckpoint({
      oldSize,
      proof: this.proof(oldSize, size),
      note: this.note(size),
    });
  }
}
