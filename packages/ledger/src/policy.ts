import { equalBytes } from './bytes.ts';
import type { CosignatureVerifier } from './cosignature.ts';
import { cosignatureVerifierFromVkey } from './cosignature.ts';
import type { NoteVerifier } from './note-key.ts';
import { parseVkey, SIGNATURE_TYPE, verifierFromVkey } from './note-key.ts';

/** A log the policy accepts (c2sp.org/tlog-policy §Defining a log); its key name is its origin. */
export interface PolicyLog {
  readonly origin: string;
  readonly vkey: string;
  readonly verifier: NoteVerifier;
  readonly url: string | null;
}

/** A witness of the policy (§Defining a witness): a local name and a cosignature/v1 vkey. */
export interface PolicyWitness {
  readonly name: string;
  readonly vkey: string;
  readonly verifier: CosignatureVerifier;
  /** The witness's submission prefix (c2sp.org/tlog-witness), when the policy gives one. */
  readonly url: string | null;
}

/** The quorum rule: no cosignature needed, one witness, or k of a group's members. */
export type Quorum =
  | { readonly kind: 'none' }
  | { readonly kind: 'witness'; readonly name: string }
  | {
      readonly kind: 'group';
      readonly name: string;
      readonly threshold: number;
      readonly members: readonly Quorum[];
    };

/** A parsed c2sp.org/tlog-policy file. */
export interface Policy {
  readonly logs: readonly PolicyLog[];
  readonly witnesses: readonly PolicyWitness[];
  readonly quorum: Quorum;
}

/** A policy file that does not follow c2sp.org/tlog-policy; `line` is 1-based (0: the file). */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `policy line ${line}: ${message}` : `policy: ${message}`);
  }
}

/** Above the 32 logs, 32 witnesses and 32 groups the specification asks implementations to take. */
export const POLICY_LIMIT = 256;

interface Parser {
  logs: PolicyLog[];
  witnesses: PolicyWitness[];
  /** Witnesses and groups share one namespace (§What is a "policy"?). */
  names: Map<string, Quorum>;
  used: Set<string>;
  quorum: Quorum | null;
}

function checkCharacters(text: string): void {
  // §Character set: tab, newline, 0x20-0x7E and any non-ASCII; CR is a control character too.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c !== 0x7f) || c === 0x09 || c === 0x0a) continue;
    const line = text.slice(0, i).split('\n').length;
    const what = c === 0x0d ? 'a carriage return (use LF line endings)' : 'a control character';
    throw new PolicyError(line, `${what} is not allowed`);
  }
}

function sameKey(a: string, b: string, types: readonly (0x01 | 0x04)[]): boolean {
  return equalBytes(parseVkey(a, types).key, parseVkey(b, types).key);
}

function logLine(p: Parser, n: number, args: readonly string[]): void {
  const [vkey, url, ...extra] = args;
  if (vkey === undefined || extra.length > 0)
    throw new PolicyError(n, 'expected: log <vkey> [url]');
  let verifier: NoteVerifier;
  try {
    verifier = verifierFromVkey(vkey);
  } catch (e) {
    throw new PolicyError(n, `log key: ${(e as Error).message}`);
  }
  if (p.logs.some((l) => sameKey(l.vkey, vkey, [SIGNATURE_TYPE.ed25519]))) {
    throw new PolicyError(n, 'the same log key is listed twice');
  }
  p.logs.push({ origin: verifier.name, vkey, verifier, url: url ?? null });
}

function defineName(p: Parser, n: number, name: string, node: Quorum): void {
  if (name === 'none') throw new PolicyError(n, '"none" is reserved for the quorum line');
  if (p.names.has(name)) throw new PolicyError(n, `the name ${name} is defined twice`);
  p.names.set(name, node);
}

function witnessLine(p: Parser, n: number, args: readonly string[]): void {
  const [name, vkey, url, ...extra] = args;
  if (name === undefined || vkey === undefined || extra.length > 0) {
    throw new PolicyError(n, 'expected: witness <name> <vkey> [url]');
  }
  let verifier: CosignatureVerifier;
  try {
    verifier = cosignatureVerifierFromVkey(vkey);
  } catch (e) {
    throw new PolicyError(n, `witness key: ${(e as Error).message}`);
  }
  if (p.witnesses.some((w) => sameKey(w.vkey, vkey, [SIGNATURE_TYPE.cosignatureV1]))) {
    throw new PolicyError(n, 'the same witness key is listed twice');
  }
  defineName(p, n, name, { kind: 'witness', name });
  p.witnesses.push({ name, vkey, verifier, url: url ?? null });
}

function thresholdOf(n: number, word: string, members: number): number {
  if (word === 'all') return members;
  if (word === 'any') return 1;
  if (!/^[1-9][0-9]*$/.test(word)) throw new PolicyError(n, 'the threshold is all, any or k');
  const k = Number(word);
  if (k > members)
    throw new PolicyError(n, `threshold ${word} is more than the ${members} members`);
  return k;
}

function groupLine(p: Parser, n: number, args: readonly string[]): void {
  const [name, word, ...memberNames] = args;
  if (name === undefined || word === undefined || memberNames.length === 0) {
    throw new PolicyError(n, 'expected: group <name> <k>|any|all <member>...');
  }
  const members = memberNames.map((m) => {
    const node = p.names.get(m);
    if (node === undefined) throw new PolicyError(n, `member ${m} is not defined above`);
    if (p.used.has(m)) throw new PolicyError(n, `member ${m} is already a member of a group`);
    p.used.add(m);
    return node;
  });
  const threshold = thresholdOf(n, word, members.length);
  defineName(p, n, name, { kind: 'group', name, threshold, members });
}

function quorumLine(p: Parser, n: number, args: readonly string[]): void {
  const [name, ...extra] = args;
  if (name === undefined || extra.length > 0) throw new PolicyError(n, 'expected: quorum <name>');
  if (p.quorum !== null) throw new PolicyError(n, 'a policy has exactly one quorum line');
  if (name === 'none') {
    p.quorum = { kind: 'none' };
    return;
  }
  const node = p.names.get(name);
  if (node === undefined) throw new PolicyError(n, `quorum ${name} is not defined above`);
  p.quorum = node;
}

const KEYWORDS = { log: logLine, witness: witnessLine, group: groupLine, quorum: quorumLine };

/**
 * Parses a c2sp.org/tlog-policy file: `log <vkey> [url]` (Ed25519 note keys, type 0x01),
 * `witness <name> <vkey> [url]` (Ed25519 cosignature/v1 keys, type 0x04), `group <name>
 * <k>|any|all <members>` over names defined on earlier lines, each used once, and exactly one
 * `quorum <name>|none`. Space and tab separate; blank and `#` comment lines are ignored; no
 * control characters but tab and newline. Throws {@link PolicyError} naming the line.
 */
export function parsePolicy(text: string): Policy {
  checkCharacters(text);
  const p: Parser = { logs: [], witnesses: [], names: new Map(), used: new Set(), quorum: null };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line === '' || line.startsWith('#')) return;
    const [keyword = '', ...args] = line.split(/[ \t]+/);
    const handle = (KEYWORDS as Record<string, typeof logLine | undefined>)[keyword];
    if (handle === undefined) throw new PolicyError(i + 1, `unknown keyword ${keyword}`);
    handle(p, i + 1, args);
    if (p.logs.length > POLICY_LIMIT || p.names.size > 2 * POLICY_LIMIT) {
      throw new PolicyError(i + 1, `more than ${POLICY_LIMIT} logs, witnesses or groups`);
    }
  });
  if (p.quorum === null) throw new PolicyError(0, 'no quorum line');
  return { logs: p.logs, witnesses: p.witnesses, quorum: p.quorum };
}

/**
 * Whether the witnesses that cosigned (by their policy names) satisfy the quorum: a witness
 * when it cosigned, a group when at least `threshold` of its members did (§Defining a witness
 * group). Each witness counts once, however many signature lines name it.
 */
export function quorumMet(quorum: Quorum, cosigned: ReadonlySet<string>): boolean {
  switch (quorum.kind) {
    case 'none':
      return true;
    case 'witness':
      return cosigned.has(quorum.name);
    case 'group':
      return quorum.members.filter((m) => quorumMet(m, cosigned)).length >= quorum.threshold;
  }
}

/** The quorum as a short text, e.g. `2 of (ombudsman, prosecutor)` or `none`. */
export function describeQuorum(quorum: Quorum): string {
  switch (quorum.kind) {
    case 'none':
      return 'none';
    case 'witness':
      return quorum.name;
    case 'group': {
      const inner = quorum.members.map(describeQuorum).join(', ');
      return `${String(quorum.threshold)} of (${inner})`;
    }
  }
}

/**
 * The policy as a c2sp.org/tlog-policy file that {@link parsePolicy} reads back to the same logs,
 * witnesses and quorum: logs, witnesses, then the quorum's groups, each after its members (a
 * group the quorum does not reach has no effect and is left out). A log publishes its policy
 * this way, so that anyone can check its witnesses with the same file.
 */
export function formatPolicy(policy: Policy): string {
  const lines: string[] = [];
  for (const l of policy.logs) lines.push(['log', l.vkey, l.url].filter(Boolean).join(' '));
  for (const w of policy.witnesses) {
    lines.push(['witness', w.name, w.vkey, w.url].filter(Boolean).join(' '));
  }
  const groups = (q: Quorum): void => {
    if (q.kind !== 'group') return;
    q.members.forEach(groups);
    const names = q.members.map((m) => (m.kind === 'none' ? 'none' : m.name));
    lines.push(`group ${q.name} ${String(q.threshold)} ${names.join(' ')}`);
  };
  groups(policy.quorum);
  lines.push(`quorum ${policy.quorum.kind === 'none' ? 'none' : policy.quorum.name}`);
  return `${lines.join('\n')}\n`;
}
