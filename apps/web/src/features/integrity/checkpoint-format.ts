/** The key name of a C2SP vkey ("<name>+<keyid hex>+<base64>"), which is the log's origin. */
export function vkeyName(vkey: string): string {
  const plus = vkey.indexOf('+');
  return plus > 0 ? vkey.slice(0, plus) : '';
}

/** A root hash cut to its first 12 and last 4 hex digits; the full value stays one click away. */
export function shortHash(hex: string): string {
  return hex.length <= 20 ? hex : `${hex.slice(0, 12)}…${hex.slice(-4)}`;
}

/** The file name of a saved checkpoint note: the origin made file-safe, and the tree size. */
export function noteFileName(origin: string, size: number): string {
  const safe = origin.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '');
  return `${safe || 'log'}-checkpoint-${String(size)}.txt`;
}
