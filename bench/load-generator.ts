import autocannon from 'autocannon';

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
