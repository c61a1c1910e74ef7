export { HASH_SIZE, EMPTY_ROOT, sha256, leafHash, nodeHash, rootOfLeafHashes } from './hash.ts';
export type { NodeId, NodeReader } from './tree-math.ts';
export { MAX_TREE_SIZE } from './tree-math.ts';
export {
  nodesCompletedBy,
  nodesForRoot,
  nodesForInclusion,
  nodesForConsistency,
  rootFromNodes,
  inclusionProof,
  consistencyProof,
} from './proof.ts';
export { verifyInclusion, verifyConsistency } from './verify.ts';
export { CompactRange } from './compact-range.ts';
export type { NodeHasher, StoredNode } from './compact-range.ts';
export { sha256Once, leafHashOnce, nodeHashOnce } from './hash-once.ts';
export { canonicalJson } from './canonical-json.ts';
export type { JsonValue } from './canonical-json.ts';
export { toHex, fromHex, toBase64, fromBase64, equalBytes } from './bytes.ts';
export type { NoteSigner, NoteVerifier } from './note-key.ts';
export { generateSignerKey, signerFromSkey, verifierFromVkey, noteKeyId } from './note-key.ts';
export { signNote, openNote, NoteError, MAX_SIGNATURES } from './signed-note.ts';
export type { OpenedNote } from './signed-note.ts';
export { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
export type { Checkpoint } from './checkpoint.ts';
