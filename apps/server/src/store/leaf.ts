import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256, toHex, type JsonValue } from '@custody/ledger';

/** Version of the leaf envelope below; a new layout gets a new number. */
export const LEAF_FORMAT = 1;

/** The fields a leaf commits to (integrity.md, "Leaf bytes"). */
export interface LeafFields {
  index: number;
  stream: string;
  version: number;
  prev: string | null;
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  commitment: string;
}

const utf8 = new TextEncoder();

/** The leaf bytes: RFC 8785 canonical JSON of the versioned envelope, UTF-8. */
export function leafBytes(f: LeafFields): Uint8Array {
  const envelope = {
    v: LEAF_FORMAT,
    index: f.index,
    stream: f.stream,
    version: f.version,
    prev: f.prev,
    id: f.id,
    type: f.type,
    occurredAt: f.occurredAt,
    recordedAt: f.recordedAt,
    actor: { id: f.actor.id, role: f.actor.role },
    commitment: f.commitment,
  };
  return utf8.encode(canonicalJson(envelope));
}

/** SHA-256(salt || canonical payload), hex: hides the payload yet binds it (integrity.md). */
export function payloadCommitment(salt: Uint8Array, canonicalPayload: string): string {
  const text = utf8.encode(canonicalPayload);
  const input = new Uint8Array(salt.length + text.length);
  input.set(salt, 0);
  input.set(text, salt.length);
  return toHex(sha256(input));
}

export interface SealedPayload {
  text: string;
  salt: Uint8Array;
  commitment: string;
}

/** Canonicalises a payload and commits to it under a fresh 32-byte random salt. */
export function sealPayload(payload: JsonValue): SealedPayload {
  const text = canonicalJson(payload);
  const salt = new Uint8Array(randomBytes(32));
  return { text, salt, commitment: payloadCommitment(salt, text) };
}
