import autocannon from 'autocannon';

/**
 * The load generator in a process of its own (`apartHammer` and `apartTogether` in
 * load-generator.ts): it says `ready` once loaded, receives autocannon's options over IPC, says
 * `started` just before the first request, runs autocannon on its own event loop and sends back
 * the result with its own CPU time over the run. The server's process then holds nothing but the
 * server, so `process.cpuUsage()` there is the server's CPU.
 */
process.once('message', (options: Parameters<typeof autocannon>[0]) => {
  void (async () => {
    const before = process.cpuUsage();
    process.send?.({ kind: 'started' });
    const result = await autocannon(options);
    const used = process.cpuUsage(before);
    process.send?.({ kind: 'done', result, cpuMicros: used.user + used.system }, () => {
      process.disconnect();
    });
  })();
});
process.send?.({ kind: 'ready' });
