import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a V8 CPU profile (`.cpuprofile`, Chrome DevTools protocol) read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

type Node = CpuProfile['nodes'][number];

function frameName(n: Node): string {
  const url = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, 'node_modules/');
  const where = url.startsWith('/') ? relative(process.cwd(), url) : url;
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
}

/** Self and inclusive time per function (a recursive function counted once per sample). */
export function summarise(profile: CpuProfile): {
  total: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const perNode = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    perNode.set(id, (perNode.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of perNode) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (n === undefined) break;
      const k = frameName(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  return { total, self, inclusive };
}

/**
 * Where a frame's code lives: the npm package (`zod`, `better-sqlite3`), the workspace directory
 * (`apps/server/src/store`, `packages/ledger`), or node's module (`node:_http_server`).
 */
function packageOf(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (npm?.[1] !== undefined) return npm[1];
  const own = /\/(apps\/[^/]+\/src\/[^/.]+|packages\/[^/]+|bench)[/.]/.exec(path);
  if (own?.[1] !== undefined) return own[1];
  return path.startsWith('node:') ? path.replace(/^node:(internal\/)?/, 'node:') : path;
}

/**
 * Self time by package ({@link packageOf}): a native frame (no script: a better-sqlite3
 * statement, a socket write, a hash) is charged to the package of the JavaScript that called it,
 * as `native <name> from <package>`; idle, garbage collection and V8's own work by their names.
 */
export function byPackage(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id);
    if (leaf === undefined) return;
    let key = leaf.callFrame.functionName;
    if (leaf.callFrame.url !== '') key = packageOf(leaf.callFrame.url);
    else if (!key.startsWith('(')) {
      let at = parent.get(id);
      while (at !== undefined && byId.get(at)?.callFrame.url === '') at = parent.get(at);
      const caller = at === undefined ? undefined : byId.get(at);
      key = `native ${key || '(anonymous)'} from ${caller === undefined ? '?' : packageOf(caller.callFrame.url)}`;
    }
    out.set(key, (out.get(key) ?? 0) + dt);
  });
  return out;
}

function top(times: Map<string, number>, total: number, count: number): string[] {
  return [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, t]) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${name}`);
}

/**
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows]`: the functions with the
 * most self time and the most inclusive time, and the packages with the most self time
 * ({@link byPackage}), as shares of the profiled run.
 */
function main(): void {
  const [file, rows = '40'] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: profile-summary.ts <file.cpuprofile> [rows]');
    process.exitCode = 2;
    return;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { total, self, inclusive } = summarise(profile);
  const n = Number(rows);
  console.log(`${(total / 1e6).toFixed(2)} s sampled`);
  console.log('self time:', ...top(self, total, n).map((l) => `\n${l}`));
  console.log('inclusive time:', ...top(inclusive, total, n).map((l) => `\n${l}`));
  console.log('self time by package:', ...top(byPackage(profile), total, n).map((l) => `\n${l}`));
}

main();
