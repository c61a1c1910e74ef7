export { HASH_SIZE, EMPTY_ROOT, sha256, leafHash, nodeHash, rootOfLeafHashes } from './hash.ts';
export type { NodeId, NodeReader } from './tree-math.ts';
export { MAX_TREE_SIZE, perfectSubtrees } from './tree-math.ts';
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
export { canonicalJson, quoteWellFormed } from './canonical-json.ts';
export type { JsonValue } from './canonical-json.ts';
export { toHex, fromHex, toBase64, fromBase64, equalBytes, concatBytes } from './bytes.ts';
export type { NoteSigner, NoteVerifier, ParsedKey, SignatureType } from './note-key.ts';
export {
  generateSignerKey,
  signerFromSkey,
  verifierFromVkey,
  noteKeyId,
  parseVkey,
  SIGNATURE_TYPE,
} from './note-key.ts';
export {
  signNote,
  signNoteAsync,
  openNote,
  signatureLines,
  withSignatures,
  NoteError,
  MAX_SIGNATURES,
} from './signed-note.ts';
export type { OpenedNote, VerifiedSignature } from './signed-note.ts';
export { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
export type { Checkpoint } from './checkpoint.ts';
export {
  COSIGNATURE_SIZE,
  cosignatureMessage,
  parseCosignature,
  generateCosignerKey,
  cosignerFromSkey,
  cosignatureVerifierFromVkey,
} from './cosignature.ts';
export type { Cosigner, CosignatureVerifier } from './cosignature.ts';
export {
  parsePolicy,
  formatPolicy,
  quorumMet,
  describeQuorum,
  PolicyError,
  POLICY_LIMIT,
} from './policy.ts';
export type { Policy, PolicyLog, PolicyWitness, Quorum } from './policy.ts';
export { verifyCheckpointNote, requireQuorum } from './witnessed-checkpoint.ts';
export type {
  CheckpointCosignature,
  CheckpointOptions,
  VerifiedCheckpoint,
} from './witnessed-checkpoint.ts';
export {
  MAX_PROOF_LINES,
  TREE_SIZE_CONTENT_TYPE,
  WitnessProtocolError,
  formatAddCheckpoint,
  parseAddCheckpoint,
  formatTreeSize,
  parseTreeSize,
  parseCosignatureLines,
} from './witness-protocol.ts';
export type { AddCheckpointRequest } from './witness-protocol.ts';
export {
  TILE_WIDTH,
  TILE_HEIGHT,
  FULL_TILE_BYTES,
  MAX_ENTRY_BYTES,
  tileIndexPath,
  tilePath,
  parseTilePath,
  tileWidthAt,
  encodeEntryBundle,
  decodeEntryBundle,
  tileHashes,
  tileOfNode,
  tileNodeReader,
} from './tiles.ts';
export type { TileId } from './tiles.ts';
export type { DeviceKeyAlgorithm } from './device-signature.ts';
export { deviceKeyFromSpki, verifyDeviceSignature } from './device-signature.ts';
