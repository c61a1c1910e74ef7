import { canonicalJson, quoteWellFormed, type JsonValue } from '@custody/ledger/merkle';
import { hash } from 'node:crypto';
import { randomBytesPooled } from '../ids.ts';

/** Version of the leaf envelope below; a new layout gets a new number. */
export const LEAF_FORMAT = 1;
/**
 * The layout of a leaf whose time was stated with an offset: format 1 plus `occurredOffset`.
 * A leaf without one keeps format 1, byte for byte.
 */
export const LEAF_FORMAT_WITH_OFFSET = 2;

/** The fields a leaf commits to (integrity.md, "Leaf bytes"). */
export interface LeafFields {
  index: number;
  stream: string;
  version: number;
  prev: string | null;
  id: string;
  type: string;
  occurredAt: string;
  /** The offset the time was stated in (RFC 3339), absent or null for 'Z'. */
  occurredOffset?: string | null;
  recordedAt: string;
  actor: { id: string; role: string };
  commitment: string;
}

const LONE_SURROGATE = /\p{Cs}/u;
/**
 * A string of the leaf as canonical JSON writes it (lone surrogates are refused before).
 * Property-tested equal to `canonicalJson` with every code unit.
 */
const str = quoteWellFormed;

function textFields(f: LeafFields): string[] {
  const out = [f.stream, f.id, f.type, f.occurredAt, f.recordedAt, f.actor.id, f.actor.role];
  out.push(f.commitment);
  if (f.occurredOffset != null) out.push(f.occurredOffset);
  if (f.prev !== null) out.push(f.prev);
  return out;
}

/**
 * RFC 8785 canonical JSON of the leaf envelope, written out with its keys already in UTF-16
 * order (§3.2.3) instead of sorting a generic object: equal to `canonicalJson(envelope)`
 * (tested), or null when a field cannot be canonical (a lone surrogate, RFC 7493 §2.1, or an
 * index or version that is not a safe whole number).
 */
export function leafJson(f: LeafFields): string | null {
  if (!Number.isSafeInteger(f.index) || !Number.isSafeInteger(f.version)) return null;
  for (const t of textFields(f)) if (LONE_SURROGATE.test(t)) return null;
  const offset = f.occurredOffset ?? null;
  return (
    `{"actor":{"id":${str(f.actor.id)},"role":${str(f.actor.role)}},` +
    `"commitment":${str(f.commitment)},"id":${str(f.id)},"index":${String(f.index)},` +
    `"occurredAt":${str(f.occurredAt)},` +
    (offset === null ? '' : `"occurredOffset":${str(offset)},`) +
    `"prev":${f.prev === null ? 'null' : str(f.prev)},` +
    `"recordedAt":${str(f.recordedAt)},"stream":${str(f.stream)},"type":${str(f.type)},` +
    `"v":${String(offset === null ? LEAF_FORMAT : LEAF_FORMAT_WITH_OFFSET)},"version":${String(f.version)}}`
  );
}

/** The leaf bytes: RFC 8785 canonical JSON of the versioned envelope, UTF-8. */
export function leafBytes(f: LeafFields): Uint8Array {
  const json = leafJson(f);
  if (json === null) {
    throw new TypeError(`leaf ${String(f.index)}: a field is not a canonical JSON value`);
  }
  return Buffer.from(json, 'utf8');
}

let scratch = Buffer.allocUnsafe(8192);

/** SHA-256(salt || canonical payload), hex: hides the payload yet binds it (integrity.md). */
export function payloadCommitment(salt: Uint8Array, canonicalPayload: string): string {
  // Written into one reused buffer and hashed straight to hex: verification computes one per
  // leaf, and a buffer per step was a third of its cost.
  const most = salt.length + 3 * canonicalPayload.length;
  if (scratch.length < most) scratch = Buffer.allocUnsafe(2 * most);
  scratch.set(salt, 0);
  const n = salt.length + scratch.write(canonicalPayload, salt.length, 'utf8');
  return hash('sha256', scratch.subarray(0, n), 'hex');
}

export interface SealedPayload {
  text: string;
  salt: Uint8Array;
  commitment: string;
}

/** Canonicalises a payload and commits to it under a fresh 32-byte random salt. */
export function sealPayload(payload: JsonValue): SealedPayload {
  const text = canonicalJson(payload);
  const salt = randomBytesPooled(32);
  return { text, salt, commitment: payloadCommitment(salt, text) };
}
