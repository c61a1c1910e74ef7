/**
 * The cryptographic primitives the ledger builds on, and nothing more: SHA-256 (FIPS 180-4),
 * Ed25519 (RFC 8032), ECDSA P-256 verification (tablets' keys) and random bytes. Every algorithm of the ledger (Merkle trees, notes,
 * cosignatures, policies) is written once over this interface; two implementations provide it:
 *
 * - `node-crypto.ts` on Node.js (the server, the CLI, tests): node:crypto, i.e. OpenSSL, which is
 *   several times faster than any pure implementation and keeps the server's hot path as it was;
 * - `noble-crypto.ts` in the browser: @noble/hashes and @noble/curves, audited pure TypeScript,
 *   synchronous like node:crypto, so the ledger's API is the same on both.
 *
 * `#primitives` (package.json "imports") picks one by the `browser` export condition.
 */
export interface Sha256Stream {
  update(data: Uint8Array): Sha256Stream;
  digest(): Uint8Array;
}

/** An Ed25519 private key made ready for signing once (the platform's own key object). */
export interface Ed25519PrivateKey {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
  /**
   * The same signature (Ed25519 is deterministic), made off the calling thread where the
   * platform can (Node.js: libuv's thread pool), so a server signs while it waits for a disk.
   */
  signAsync(message: Uint8Array): Promise<Uint8Array>;
}

/** An Ed25519 public key made ready for verifying once. */
export interface Ed25519PublicKey {
  /** RFC 8032 §5.1.7 verification; false (never a throw) for any malformed signature. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** An ECDSA P-256 public key (a tablet's, issue 19) made ready for verifying once. */
export interface P256PublicKey {
  /**
   * ECDSA over SHA-256 of `message` (FIPS 186-5), the signature in IEEE P1363 `r‖s` form as
   * WebCrypto makes it, high S allowed; false (never a throw) for any malformed signature.
   */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface Primitives {
  /** SHA-256 of one buffer in one call. */
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-256 over several updates, without concatenating them first. */
  createSha256(): Sha256Stream;
  /** The key of a 32-byte RFC 8032 seed. */
  ed25519PrivateKey(seed: Uint8Array): Ed25519PrivateKey;
  /** The key of 32 public-key bytes (any 32 bytes import; a non-point fails every verify). */
  ed25519PublicKey(publicKey: Uint8Array): Ed25519PublicKey;
  /** The key of an uncompressed SEC 1 point (65 bytes); throws when it is not on the curve. */
  p256PublicKey(point: Uint8Array): P256PublicKey;
  /** Cryptographically secure random bytes. */
  randomBytes(n: number): Uint8Array;
}
