// Required by the bench servers: answers the bench's 'usage' message with this process's CPU time
// (µs, user + system), RSS and garbage collections so far, so the bench can compute CPU per request and
// what was spent collecting, and the longest its event loop was held since the last such message (a
// latency tail the server's own loop did not cause is the database's or the machine's); SIGINT exits
// cleanly so --cpu-prof writes its profile.
const { constants, monitorEventLoopDelay } = require('node:perf_hooks');

/** Collections so far: ms in scavenges (young generation); mark-compacts (whole heap), count and ms. */
const gc = { scavengeMs: 0, markCompacts: 0, markCompactMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      gc.scavengeMs += entry.duration;
    } else if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.markCompacts += 1;
      gc.markCompactMs += entry.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });
// libuv's own timer, sampled every 5 ms in C++: no JavaScript runs for it.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
process.on('message', (message) => {
  // A full collection on request (with --expose-gc), so a counted window starts from a clean heap.
  if (message === 'gc') {
    global.gc?.();
    process.send({ collected: true });
    return;
  }
  if (message !== 'usage') return;
  const { user, system } = process.cpuUsage();
  const stallMs = Math.max(0, loopDelay.max / 1e6 - 5);
  loopDelay.reset();
  process.send({ usage: { cpu: user + system, rss: process.memoryUsage.rss(), gc: { ...gc }, stallMs } });
});
process.on('SIGINT', () => process.exit(0));
