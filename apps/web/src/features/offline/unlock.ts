import { toBase64 } from './device-key.ts';

/**
 * What unlocks the tablet without the server (issue 19 "the app locks after idle time"): a
 * PBKDF2-SHA-256 hash of the officer's password with a random salt, never the password. It can be
 * brute-forced by whoever copies the browser profile (docs/operations.md "A lost tablet"), as
 * any offline check can; the iterations slow that down (OWASP's 600,000 for PBKDF2-SHA-256).
 */
export interface PasswordVerifier {
  readonly salt: string;
  readonly hash: string;
  readonly iterations: number;
}

const ITERATIONS = 600_000;

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  subtle: SubtleCrypto,
): Promise<string> {
  const key = await subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return toBase64(bits);
}

export async function makeVerifier(
  password: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  iterations = ITERATIONS,
): Promise<PasswordVerifier> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(16)));
  return {
    salt: toBase64(salt),
    hash: await derive(password, salt, iterations, subtle),
    iterations,
  };
}

/** Whether `password` is the one the verifier was made from (compared in full, not early-out). */
export async function checkVerifier(
  verifier: PasswordVerifier,
  password: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<boolean> {
  const hash = await derive(password, fromBase64(verifier.salt), verifier.iterations, subtle);
  if (hash.length !== verifier.hash.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i += 1) diff |= hash.charCodeAt(i) ^ verifier.hash.charCodeAt(i);
  return diff === 0;
}

/**
 * The verifier of the password typed at this page's sign-in, until the outbox keeps it for an
 * enrolled tablet; a page that started on an existing session has none (its last one stays).
 */
let typed: Promise<PasswordVerifier> | null = null;

export function rememberPassword(password: string): void {
  typed = makeVerifier(password);
  typed.catch(() => {
    typed = null;
  });
}

/** The verifier of a password the server has just checked (at enrolment), as if typed. */
export function rememberVerifier(verifier: PasswordVerifier): void {
  typed = Promise.resolve(verifier);
}

export function typedVerifier(): Promise<PasswordVerifier> | null {
  return typed;
}

export function forgetTypedPassword(): void {
  typed = null;
}
