const view = (u: Uint8Array): Buffer =>
  Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Lower-case hex through Buffer: the same text as the ledger's `toHex`, at native speed. */
export function hex(u: Uint8Array): string {
  return view(u).toString('hex');
}

/** Padded RFC 4648 §4 base64 through Buffer: the same text as the ledger's `toBase64`. */
export function base64(u: Uint8Array): string {
  return view(u).toString('base64');
}

/** Byte equality without copying. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return view(a).equals(view(b));
}
