import type { ExtractStatement, LeafEnvelopeView, RecordProofs } from '@custody/contracts';
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

/** Test support: the statement text as the server writes it (documents/extract-statement.ts). */
export function statementText(s: ExtractStatement): string {
  return [
    'custody-extract-statement/1',
    `origin ${s.origin}`,
    `record ${s.recordId}`,
    `entries ${s.entries}`,
    `last-index ${s.lastIndex}`,
    `last-leaf-hash ${s.lastLeafHash}`,
    `tree-size ${s.treeSize}`,
    `root ${s.root}`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Test support: a log whose leaves 1, 3, 4, 6, ... belong to one record, signed by the ledger,
 * with the record's signed extract statement; `sign` and `signOther` sign a note with the log's
 * key and with another key of the same name.
 */
export function buildRecordProofs(options: { entries: number; others: number }): {
  proofs: RecordProofs;
  statement: ExtractStatement;
  vkey: string;
  otherVkey: string;
  sign: (text: string) => string;
  signOther: (text: string) => string;
} {
  const recordId = 'rec-1';
  const { skey, vkey } = generateSignerKey('custody.test/log');
  const other = generateSignerKey('custody.test/log');
  const otherVkey = other.vkey;
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
  const leaves = envelopes.map(({ envelope, hash }) => ({
    logIndex: envelope.index,
    leaf: envelope,
    leafHash: toHex(hash),
    inclusionProof: inclusionProof(envelope.index, all.length, read).map(toBase64),
  }));
  const last = leaves.at(-1);
  const statement: ExtractStatement = {
    origin,
    recordId,
    entries: leaves.length,
    lastIndex: last?.logIndex ?? 0,
    lastLeafHash: last?.leafHash ?? '0'.repeat(64),
    treeSize: all.length,
    root: toHex(rootOfLeafHashes(all)),
  };
  const sign = (text: string) => signNote(text, [signer]);
  const proofs: RecordProofs = {
    recordId,
    origin,
    treeSize: all.length,
    checkpoint: sign(body),
    vkey,
    leaves,
    statement: sign(statementText(statement)),
    witnessed: null,
  };
  const signOther = (text: string) => signNote(text, [signerFromSkey(other.skey)]);
  return { proofs, statement, vkey, otherVkey, sign, signOther };
}
