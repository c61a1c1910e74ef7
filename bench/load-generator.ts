import autocannon from 'autocannon';
import { result, type BenchResult } from './result.ts';

type Options = Parameters<typeof autocannon>[0];

/**
 * autocannon in one worker thread: the benchmarks serve the app in this process, and requests
 * sent from its own event loop would take turns with the server they measure.
 */
export function hammer(options: Options): ReturnType<typeof autocannon> {
  return autocannon({ ...options, workers: 1 });
}

/**
 * autocannon's latency histogram keeps whole milliseconds, so a sub-millisecond baseline (say
 * GET /healthz on an idle machine) reads 0; as the divisor of a ratio it counts as 1 ms.
 */
export const atLeastOneMs = (ms: number): number => Math.max(ms, 1);

type Run = Awaited<ReturnType<typeof autocannon>>;

/** Requests per second, p50 and p99 of a route's run against the baseline run of the same server. */
export function httpFigures(label: string, measured: Run, base: Run): BenchResult[] {
  return [
    result(label, measured.requests.average, 'req/s', base.requests.average),
    result(`${label} p50`, measured.latency.p50, 'ms', atLeastOneMs(base.latency.p50)),
    result(`${label} p99`, measured.latency.p99, 'ms', atLeastOneMs(base.latency.p99)),
  ];
}
