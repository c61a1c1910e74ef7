declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    /** Worker threads that send the requests, so the load does not run on the server's event loop. */
    workers?: number;
    duration?: number;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    /** `total`: the requests answered over the run. */
    requests: Histogram & { total: number };
    latency: Histogram;
    /** `total`: the bytes read over the run (status lines, headers and bodies). */
    throughput: Histogram & { total: number };
    non2xx: number;
    errors: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
