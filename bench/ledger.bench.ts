import { createHash } from 'node:crypto';
import {
  cosignatureVerifierFromVkey,
  cosignerFromSkey,
  generateCosignerKey,
  generateSignerKey,
  nodeHash,
  sha256,
  signerFromSkey,
  verifierFromVkey,
} from '@custody/ledger';
import { primitives as noble } from '../packages/ledger/src/platform/noble-crypto.ts';
import type { BenchResult } from './result.ts';
import { result } from './result.ts';

/** Operations per second of `op`, run in batches for at least `ms` milliseconds. */
function perSecond(op: () => void, ms = 400): number {
  for (let i = 0; i < 200; i++) op();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) op();
    count += 200;
    elapsed = performance.now() - start;
  }
  return (count / elapsed) * 1000;
}

/**
 * RFC 6962 node hashes, Ed25519 signing and verification (node:crypto, cached KeyObjects) and a
 * witness cosignature's verification, against bare SHA-256 of the same 65-byte input measured in
 * the same run; and the same primitives as the browser runs them (@noble, pure TypeScript), which
 * is why the server keeps node:crypto behind the ledger's platform seam.
 */
export async function run(): Promise<BenchResult[]> {
  const input = new Uint8Array(65).fill(7);
  const left = sha256(input);
  const right = sha256(left);
  const bare = perSecond(() => createHash('sha256').update(input).digest());
  const nodes = perSecond(() => nodeHash(left, right));

  const { skey, vkey } = generateSignerKey('bench.example/log');
  const signer = signerFromSkey(skey);
  const verifier = verifierFromVkey(vkey);
  const msg = new TextEncoder().encode('bench.example/log\n1000000\nroot\n');
  const sig = signer.sign(msg);
  const signs = perSecond(() => signer.sign(msg));
  const verifies = perSecond(() => {
    if (!verifier.verify(msg, sig)) throw new Error('signature did not verify');
  });

  const witness = cosignerFromSkey(generateCosignerKey('bench.example/witness').skey);
  const text = 'bench.example/log\n1000000\nroot\n';
  const cosignature = witness.cosign(text, 1767225600);
  const cosignatureVerifier = cosignatureVerifierFromVkey(witness.vkey);
  const cosigned = perSecond(() => {
    if (!cosignatureVerifier.verify(msg, cosignature))
      throw new Error('cosignature did not verify');
  });

  const nodeInput = new Uint8Array(65).fill(9);
  const pureHashes = perSecond(() => noble.sha256(nodeInput), 200);
  const pureKey = noble.ed25519PrivateKey(new Uint8Array(32).fill(3));
  const pureSigns = perSecond(() => pureKey.sign(msg), 200);
  const pureSig = pureKey.sign(msg);
  const purePublic = noble.ed25519PublicKey(pureKey.publicKey);
  const pureVerifies = perSecond(() => {
    if (!purePublic.verify(msg, pureSig)) throw new Error('signature did not verify');
  }, 200);

  await Promise.resolve();
  return [
    result('ledger: RFC 6962 node hash', nodes, 'hashes/s', bare),
    result('ledger: Ed25519 sign (checkpoint)', signs, 'signatures/s', bare),
    result('ledger: Ed25519 verify (checkpoint)', verifies, 'verifications/s', bare),
    result('ledger: cosignature/v1 verify (witness)', cosigned, 'verifications/s', bare),
    result('ledger, browser primitives (@noble): SHA-256 65 B', pureHashes, 'hashes/s', bare),
    result('ledger, browser primitives (@noble): Ed25519 sign', pureSigns, 'signatures/s', bare),
    result(
      'ledger, browser primitives (@noble): Ed25519 verify',
      pureVerifies,
      'verifications/s',
      bare,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  for (const r of await run()) {
    console.log(
      `${r.name}: ${r.value.toFixed(0)} ${r.unit} (SHA-256 65 B: ${r.baseline.toFixed(0)}/s, ratio ${r.ratio.toFixed(3)})`,
    );
  }
}
