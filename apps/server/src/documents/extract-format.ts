import { Obligation } from '@custody/contracts';
import { z } from 'zod';
import { canonicalJson, fromHex, sha256, toHex, type JsonValue } from '@custody/ledger';
import { LEAF_FORMAT, LEAF_FORMAT_WITH_OFFSET } from '../store/leaf.ts';

/**
 * Version tag of the verifiable extract bundle; a new layout gets a new tag. `custody-extract/2`
 * added the signed extract statement (extract-statement.ts).
 */
export const EXTRACT_FORMAT = 'custody-extract/2';

/** The layout before the extract statement; still recognised, but never verifies (README). */
export const LEGACY_EXTRACT_FORMAT = 'custody-extract/1';

/** Versions of the leaf envelope the log commits to (integrity.md, "Leaf bytes"; store/leaf.ts). */
export { LEAF_FORMAT, LEAF_FORMAT_WITH_OFFSET } from '../store/leaf.ts';

/** Why an entry's payload is absent from an extract (domain.md §5; personal data law art. 7, 8). */
export const WITHHELD_REASONS = ['health_without_consent', 'erased'] as const;
export type WithheldReason = (typeof WITHHELD_REASONS)[number];

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const index = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The leaf envelope exactly as the log hashes it: RFC 8785 canonical JSON of these fields is the
 * leaf, SHA-256(0x00 || leaf) its RFC 9162 §2.1.1 leaf hash. Strict: an extra field fails.
 */
export const leafEnvelope = z
  .strictObject({
    v: z.union([z.literal(LEAF_FORMAT), z.literal(LEAF_FORMAT_WITH_OFFSET)]),
    index,
    stream: z.string().min(1),
    version: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    prev: hex32.nullable(),
    id: z.string().min(1),
    type: z.string().min(1),
    occurredAt: z.string().min(1),
    /** Format 2 only: the RFC 3339 offset the time was stated in. */
    occurredOffset: z.string().min(1).max(6).optional(),
    recordedAt: z.string().min(1),
    actor: z.strictObject({ id: z.string().min(1), role: z.string().min(1) }),
    commitment: hex32,
  })
  .refine((l) => (l.v === LEAF_FORMAT_WITH_OFFSET) === (l.occurredOffset !== undefined), {
    error: 'occurredOffset is in a leaf of format 2 and only there',
  });
export type LeafEnvelope = z.infer<typeof leafEnvelope>;

/** A disclosed leaf: its payload and salt open its commitment. */
const disclosed = z.strictObject({
  logIndex: index,
  leaf: leafEnvelope,
  leafHash: hex32,
  payload: z.json(),
  salt: hex32,
  withheld: z.literal(false),
  inclusionProof: z.array(base64).max(64),
});

const withheld = z.strictObject({
  logIndex: index,
  leaf: leafEnvelope,
  leafHash: hex32,
  payload: z.null(),
  salt: z.null(),
  withheld: z.literal(true),
  reason: z.enum(WITHHELD_REASONS),
  inclusionProof: z.array(base64).max(64),
});

/**
 * What a tablet recorded of this record's entries made offline (issue 19): leaves of the device's
 * own log stream (`device:<id>`), each disclosed with its salt and its inclusion proof against the
 * same checkpoint as the record's entries. The enrolment leaf holds the device's public key
 * (SPKI) and algorithm; each entry leaf the exact text the tablet signed (`signed`), its signature
 * (`signature`), the hash chaining it to the tablet's previous entry and the record entries made
 * from it; the revocation leaf, when the device was revoked, bounds what it may have sent.
 * Entry leaves of other records are not included (they are other people's data).
 */
export const deviceProof = z.strictObject({
  deviceId: z.string().min(1),
  enrolment: disclosed,
  entries: z.array(disclosed).min(1).max(10_000),
  revocation: disclosed.nullable(),
});
export type DeviceProof = z.infer<typeof deviceProof>;

/** One entry of an extract: a disclosed payload with its salt, or a withheld one with a reason. */
export const extractEntry = z.discriminatedUnion('withheld', [disclosed, withheld]);
export type ExtractEntry = z.infer<typeof extractEntry>;

const bundleFields = {
  origin: z.string().min(1),
  recordId: z.string().min(1),
  checkpoint: z.string().min(1),
  vkeys: z.array(z.string().min(1)).max(16),
  treeSize: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  entries: z.array(extractEntry).min(1),
  /**
   * The record's deadlines as the server's clock computed them at export, most urgent first, each
   * with its final outcome once custody has ended (met in time, breached with when it fell due and
   * by how much, ended before due; domain.md §4). Informative: not covered by the statement's
   * signature; a verifier recomputes them from the entries.
   */
  deadlines: z.array(Obligation).max(1000).optional(),
  /**
   * The tablets' leaves for the record's entries made offline (`deviceProof`), when there are
   * any. Not covered by the statement's signature; each leaf is proved by its own inclusion proof.
   */
  devices: z.array(deviceProof).max(100).optional(),
};

/**
 * The verifiable extract of one custody record (integrity.md, "Verification"): the signed
 * checkpoint, every leaf of the record's stream in version order with its RFC 9162 §2.1.3
 * inclusion proof against that checkpoint, the payloads with their salts, and the signed extract
 * statement naming how many entries the record had and which was the last.
 */
export const extractBundle = z.strictObject({
  format: z.literal(EXTRACT_FORMAT),
  ...bundleFields,
  statement: z.string().min(1).max(4096),
});
export type ExtractBundle = z.infer<typeof extractBundle>;

/**
 * What the verifier accepts as input: a current bundle, one whose statement is missing, or a
 * legacy `custody-extract/1` bundle (which has none). Missing statements are reported as a
 * failure by the verifier with their reason rather than as a shape error.
 */
export const extractBundleInput = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal(EXTRACT_FORMAT),
    ...bundleFields,
    statement: z.string().min(1).max(4096).optional(),
  }),
  z.strictObject({ format: z.literal(LEGACY_EXTRACT_FORMAT), ...bundleFields }),
]);
export type ExtractBundleInput = z.infer<typeof extractBundleInput>;

const utf8 = new TextEncoder();

/** The leaf bytes: RFC 8785 canonical JSON of the envelope (integrity.md, "Leaf bytes"), UTF-8. */
export function leafBytesOf(leaf: LeafEnvelope): Uint8Array {
  return utf8.encode(canonicalJson(leaf));
}

/** The payload commitment, hex SHA-256(salt || RFC 8785 canonical payload) (integrity.md). */
export function commitmentOf(saltHex: string, payload: JsonValue): string {
  const salt = fromHex(saltHex);
  const text = utf8.encode(canonicalJson(payload));
  const input = new Uint8Array(salt.length + text.length);
  input.set(salt, 0);
  input.set(text, salt.length);
  return toHex(sha256(input));
}
