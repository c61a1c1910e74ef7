import * as ledger from '@custody/ledger';
import type { RecordProofs } from '@custody/contracts';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { buildRecordProofs } from './record-proofs.fixture.ts';
import { noteKeyId, openNote, parseCheckpoint, parseVkey } from './signed-note.ts';
import { verifyRecordProofs } from './verify-record.ts';

const clone = (p: RecordProofs): RecordProofs => structuredClone(p);

describe('C2SP signed notes with WebCrypto Ed25519', () => {
  it('computes the key ID as the ledger does and opens a ledger-signed checkpoint', async () => {
    const { proofs, vkey } = buildRecordProofs({ entries: 3, others: 2 });
    const key = await parseVkey(vkey);
    const verifier = ledger.verifierFromVkey(vkey);
    expect(toHex(key.keyId)).toBe(toHex(verifier.keyId));
    expect(toHex(await noteKeyId(key.name, key.publicKey))).toBe(vkey.split('+')[1]);
    const text = await openNote(proofs.checkpoint, key);
    expect(text).toBe(ledger.openNote(proofs.checkpoint, [verifier]).text);
    expect(parseCheckpoint(text).size).toBe(proofs.treeSize);
  });

  it('opens the Go reference note of golang.org/x/mod/sumdb/note', async () => {
    const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
    const note =
      'If you think cryptography is the answer to your problem,\n' +
      "then you don't know what your problem is.\n" +
      '\n' +
      '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
    const text = await openNote(note, await parseVkey(vkey));
    expect(text.startsWith('If you think')).toBe(true);
    const enoch =
      '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
    expect(await openNote(`${note}${enoch}`, await parseVkey(vkey))).toBe(text);
    await expect(
      openNote(note.replace('answer', 'Answer'), await parseVkey(vkey)),
    ).rejects.toThrow();
  });

  it('refuses a key whose ID does not match, and a note without its signature', async () => {
    const { proofs, vkey, otherVkey } = buildRecordProofs({ entries: 1, others: 0 });
    const [name, id, ...key] = vkey.split('+');
    const wrongId = `${name}+${id === '00000000' ? '00000001' : '00000000'}+${key.join('+')}`;
    await expect(parseVkey(wrongId)).rejects.toThrow(/key ID/);
    await expect(openNote(proofs.checkpoint, await parseVkey(otherVkey))).rejects.toThrow();
  });
});

describe('verifyRecordProofs (integrity.md "Verification")', () => {
  const built = buildRecordProofs({ entries: 6, others: 5 });

  it('verifies every entry of an untouched record and marks withheld ones', async () => {
    const result = await verifyRecordProofs(built.proofs, built.vkey, new Set(['evt-2']));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checkpoint?.size).toBe(11);
    expect(result.entries.map((e) => e.status)).toEqual([
      'verified',
      'withheld',
      'verified',
      'verified',
      'verified',
      'verified',
    ]);
  });

  const tampers: [string, (p: RecordProofs) => void, string][] = [
    [
      'an envelope field',
      (p) => void (p.leaves[2]!.leaf.occurredAt = '2026-03-01T09:00:00.000Z'),
      'leaf_hash',
    ],
    ['a commitment', (p) => void (p.leaves[1]!.leaf.commitment = '0'.repeat(64)), 'leaf_hash'],
    ['a leaf hash', (p) => void (p.leaves[4]!.leafHash = '1'.repeat(64)), 'leaf_hash'],
    [
      'a proof hash',
      (p) => void (p.leaves[0]!.inclusionProof[0] = ledger.toBase64(new Uint8Array(32))),
      'inclusion',
    ],
    ['a proof truncated', (p) => void p.leaves[3]!.inclusionProof.pop(), 'inclusion'],
    ['an entry removed', (p) => void p.leaves.splice(2, 1), 'stream_version'],
    ['two entries swapped', (p) => void p.leaves.reverse(), 'stream_version'],
    ['a log index', (p) => void (p.leaves[1]!.logIndex += 1), 'leaf_index'],
    ['the record id', (p) => void (p.recordId = 'rec-2'), 'other_record'],
    [
      'non-base64 proof',
      (p) => void (p.leaves[0]!.inclusionProof[0] = 'not base64!'),
      'proof_encoding',
    ],
  ];
  for (const [what, tamper, problem] of tampers) {
    it(`fails when ${what} is changed`, async () => {
      const proofs = clone(built.proofs);
      tamper(proofs);
      const result = await verifyRecordProofs(proofs, built.vkey);
      expect(result.ok).toBe(false);
      expect(result.entries.map((e) => e.problem)).toContain(problem);
    });
  }

  it('fails everything when the checkpoint is signed by another key or altered', async () => {
    const other = await verifyRecordProofs(built.proofs, built.otherVkey);
    expect(other.ok).toBe(false);
    expect(other.problems).toEqual(['key_mismatch', 'signature']);
    expect(other.entries.every((e) => e.problem === 'no_checkpoint')).toBe(true);

    const altered = clone(built.proofs);
    altered.checkpoint = altered.checkpoint.replace('\n11\n', '\n12\n');
    const result = await verifyRecordProofs(altered, built.vkey);
    expect(result.problems).toContain('signature');
    expect(result.ok).toBe(false);
  });

  it('fails when the checkpoint does not match the stated origin or size', async () => {
    const proofs = { ...clone(built.proofs), origin: 'elsewhere', treeSize: 12 };
    const result = await verifyRecordProofs(proofs, built.vkey);
    expect(result.problems).toEqual(['checkpoint_origin', 'checkpoint_size']);
  });
});
