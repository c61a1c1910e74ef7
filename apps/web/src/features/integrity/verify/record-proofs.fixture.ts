import type { LeafEnvelopeView, RecordProofs } from '@custody/contracts';
import {
  canonicalJson,
  CompactRange,
  formatCheckpoint,
  generateSignerKey,
  inclusionProof,
  leafHash,
  rootOfLeafHashes,
  signerFromSkey,
  signNote,
  toBase64,
  toHex,
  type NodeReader,
} from '@custody/ledger';

const utf8 = new TextEncoder();

/** Test support: a log whose leaves 1, 3, 4, 6, ... belong to one record, signed by the ledger. */
export function buildRecordProofs(options: { entries: number; others: number }): {
  proofs: RecordProofs;
  vkey: string;
  otherVkey: string;
} {
  const recordId = 'rec-1';
  const { skey, vkey } = generateSignerKey('custody.test/log');
  const otherVkey = generateSignerKey('custody.test/log').vkey;
  const signer = signerFromSkey(skey);
  const envelopes: { envelope: LeafEnvelopeView; hash: Uint8Array }[] = [];
  const all: Uint8Array[] = [];
  let prev: string | null = null;
  let version = 0;
  let others = 0;
  const total = options.entries + options.others;
  for (let index = 0; index < total; index++) {
    const mine = version < options.entries && (index % 3 !== 0 || others >= options.others);
    if (!mine) others++;
    const envelope: LeafEnvelopeView = {
      v: 1,
      index,
      stream: mine ? recordId : `other-${index}`,
      version: mine ? version + 1 : 1,
      prev: mine ? prev : null,
      id: `evt-${index}`,
      type: mine && version === 0 ? 'DetentionRecorded' : 'CellCheckRecorded',
      occurredAt: `2026-03-0${1 + (index % 9)}T10:00:00.000Z`,
      recordedAt: `2026-03-0${1 + (index % 9)}T10:0${index % 10}:00.000Z`,
      actor: { id: 'user-1', role: 'duty_inspector' },
      commitment: toHex(leafHash(utf8.encode(`payload ${index} «Ї»`))),
    };
    const hash = leafHash(utf8.encode(canonicalJson(envelope)));
    all.push(hash);
    if (mine) {
      envelopes.push({ envelope, hash });
      prev = toHex(hash);
      version++;
    }
  }
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty();
  for (const h of all) for (const n of range.append(h)) nodes.set(`${n.level}/${n.index}`, n.hash);
  const read: NodeReader = (level, i) => nodes.get(`${level}/${i}`) ?? new Uint8Array(32);
  const origin = 'custody.test/log';
  const body = formatCheckpoint({
    origin,
    size: all.length,
    root: rootOfLeafHashes(all),
    extensions: [],
  });
  const proofs: RecordProofs = {
    recordId,
    origin,
    treeSize: all.length,
    checkpoint: signNote(body, [signer]),
    vkey,
    leaves: envelopes.map(({ envelope, hash }) => ({
      logIndex: envelope.index,
      leaf: envelope,
      leafHash: toHex(hash),
      inclusionProof: inclusionProof(envelope.index, all.length, read).map(toBase64),
    })),
  };
  return { proofs, vkey, otherVkey };
}
