import {
  CompactRange,
  formatCheckpoint,
  inclusionProof,
  leafHash,
  rootOfLeafHashes,
  signNote,
  signerFromSkey,
  toBase64,
  toHex,
  type JsonValue,
  type NodeReader,
} from '@custody/ledger';
import {
  EXTRACT_FORMAT,
  LEAF_FORMAT,
  commitmentOf,
  leafBytesOf,
  type ExtractBundle,
  type ExtractEntry,
  type LeafEnvelope,
} from './extract-format.ts';
import { signExtractStatement } from './extract-statement.ts';
import { SAMPLE_EVENTS, SAMPLE_RECORD_ID } from './sample-record.fixture.ts';

export const FIXTURE_ORIGIN = 'custody.test/log';

interface Leaf {
  envelope: LeafEnvelope;
  hash: Uint8Array;
  payload: JsonValue;
  salt: string;
}

function makeLeaves(): Leaf[] {
  const leaves: Leaf[] = [];
  let prev: string | null = null;
  let version = 0;
  SAMPLE_EVENTS.forEach((e, i) => {
    if (i % 3 === 0) {
      const salt = 'ab'.repeat(32);
      const noise: LeafEnvelope = {
        ...leafFields(e, leaves.length, 'rec-other', i + 1, null),
        id: `noise-${i}`,
        commitment: commitmentOf(salt, { noise: i }),
      };
      leaves.push({
        envelope: noise,
        hash: leafHash(leafBytesOf(noise)),
        payload: { noise: i },
        salt,
      });
    }
    version++;
    const salt = toHex(Uint8Array.from({ length: 32 }, (_, k) => (k * 7 + i) & 255));
    const envelope: LeafEnvelope = {
      ...leafFields(e, leaves.length, SAMPLE_RECORD_ID, version, prev),
      commitment: commitmentOf(salt, e.payload),
    };
    const hash = leafHash(leafBytesOf(envelope));
    prev = toHex(hash);
    leaves.push({ envelope, hash, payload: e.payload, salt });
  });
  return leaves;
}

function leafFields(
  e: (typeof SAMPLE_EVENTS)[number],
  index: number,
  stream: string,
  version: number,
  prev: string | null,
): Omit<LeafEnvelope, 'commitment'> {
  return {
    v: LEAF_FORMAT,
    index,
    stream,
    version,
    prev,
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: { ...e.actor },
  };
}

/**
 * Test support: the extract of the sample record from an in-memory log (other records'
 * leaves interleaved), signed with `skey`; entries of the types in `withheld` carry no payload.
 */
export function fixtureBundle(
  skey: string,
  withheld: ReadonlySet<string> = new Set(),
): ExtractBundle {
  const leaves = makeLeaves();
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty();
  for (const l of leaves)
    for (const n of range.append(l.hash)) nodes.set(`${n.level}/${n.index}`, n.hash);
  const read: NodeReader = (level, index) => {
    const h = nodes.get(`${level}/${index}`);
    if (h === undefined) throw new Error(`node ${level}/${index} missing`);
    return h;
  };
  const size = leaves.length;
  const root = rootOfLeafHashes(leaves.map((l) => l.hash));
  const signer = signerFromSkey(skey);
  const note = signNote(formatCheckpoint({ origin: FIXTURE_ORIGIN, size, root, extensions: [] }), [
    signer,
  ]);
  const entries = leaves
    .filter((l) => l.envelope.stream === SAMPLE_RECORD_ID)
    .map((l): ExtractEntry => {
      const common = {
        logIndex: l.envelope.index,
        leaf: l.envelope,
        leafHash: toHex(l.hash),
        inclusionProof: inclusionProof(l.envelope.index, size, read).map(toBase64),
      };
      return withheld.has(l.envelope.type)
        ? { ...common, payload: null, salt: null, withheld: true, reason: 'health_without_consent' }
        : { ...common, payload: l.payload, salt: l.salt, withheld: false };
    });
  const last = entries.at(-1);
  if (last === undefined) throw new Error('fixture: no entries');
  const statement = signExtractStatement(
    {
      origin: FIXTURE_ORIGIN,
      recordId: SAMPLE_RECORD_ID,
      entries: last.leaf.version,
      lastIndex: last.logIndex,
      lastLeafHash: last.leafHash,
      treeSize: size,
      root: toHex(root),
    },
    signer,
  );
  return {
    format: EXTRACT_FORMAT,
    origin: FIXTURE_ORIGIN,
    recordId: SAMPLE_RECORD_ID,
    checkpoint: note,
    vkeys: [signer.vkey],
    treeSize: size,
    entries,
    statement,
  };
}
