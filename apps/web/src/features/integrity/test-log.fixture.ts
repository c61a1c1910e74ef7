import {
  CompactRange,
  consistencyProof,
  formatCheckpoint,
  generateSignerKey,
  leafHash,
  rootOfLeafHashes,
  signerFromSkey,
  signNote,
  toBase64,
  type NodeReader,
} from '@custody/ledger';

const utf8 = new TextEncoder();

/**
 * Test support: a real log of `n` leaves signed by a fresh key of `origin`: the root and the
 * signed checkpoint note at any size, and consistency proofs between sizes (base64).
 */
export function testLog(n: number, origin: string) {
  const { skey, vkey } = generateSignerKey(origin);
  const signer = signerFromSkey(skey);
  const leaves = Array.from({ length: n }, (_, i) => leafHash(utf8.encode(`entry ${i}`)));
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty();
  for (const h of leaves)
    for (const node of range.append(h)) nodes.set(`${node.level}/${node.index}`, node.hash);
  const read: NodeReader = (level, i) => nodes.get(`${level}/${i}`) ?? new Uint8Array(32);
  const root = (size: number) => rootOfLeafHashes(leaves.slice(0, size));
  const note = (size: number, r = root(size)) =>
    signNote(formatCheckpoint({ origin, size, root: r, extensions: [] }), [signer]);
  const proof = (from: number, to: number) => consistencyProof(from, to, read).map(toBase64);
  return { vkey, root, note, proof };
}
