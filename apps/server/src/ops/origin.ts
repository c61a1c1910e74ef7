import { hostname } from 'node:os';

/**
 * A log origin as C2SP tlog-checkpoint recommends it: the installation's own schema-less URL,
 * `<host>[/<path>]` in lower-case host letters, e.g. `custody.kyiv.npu.gov.ua/log`.
 */
const ORIGIN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[A-Za-z0-9._~-]+)*$/;
/** Reserved for documentation (RFC 2606, RFC 6761): a placeholder, never an installation's own. */
const PLACEHOLDER = /(^|\.)example(\.(com|net|org))?(\/|$)/;

/** Why `origin` cannot name a log, or null when it can. */
export function originProblem(origin: string): string | null {
  if (!ORIGIN.test(origin)) {
    return `a log origin is the installation's own host and path, e.g. custody.kyiv.npu.gov.ua/log (got "${origin}")`;
  }
  if (PLACEHOLDER.test(origin)) {
    return `"${origin}" is a documentation placeholder; give this installation's own host`;
  }
  return null;
}

/**
 * The origin of a log whose key is created without one being given (the first start of a demo):
 * this machine's name, so that no two installations share a placeholder.
 */
export function machineOrigin(): string {
  const host = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  return `${host || 'localhost'}/custody`;
}
