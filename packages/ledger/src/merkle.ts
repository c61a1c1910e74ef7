/**
 * The RFC 9162 tree alone (hashes, compact ranges, tree arithmetic) and canonical JSON: what a
 * verification worker thread needs, without the signatures, proofs and witness protocol that
 * `@custody/ledger` also loads. A worker starts in about half the time (apps/server,
 * store/verify-worker.ts). The same functions as the package's main entry, not copies.
 */
export { HASH_SIZE, EMPTY_ROOT, sha256, leafHash, nodeHash, rootOfLeafHashes } from './hash.ts';
export { sha256Once, leafHashOnce, nodeHashOnce } from './hash-once.ts';
export { CompactRange } from './compact-range.ts';
export type { NodeHasher, StoredNode } from './compact-range.ts';
export { MAX_TREE_SIZE, perfectSubtrees } from './tree-math.ts';
export type { NodeId } from './tree-math.ts';
export { canonicalJson, quoteWellFormed } from './canonical-json.ts';
export type { JsonValue } from './canonical-json.ts';
