// Required by the bench servers: answers the bench's 'usage' message with this process's CPU time
// (µs, user + system) and RSS, so the bench can compute CPU per request; SIGINT exits cleanly so
// --cpu-prof writes its profile.
process.on('message', (message) => {
  // A full collection on request (with --expose-gc), so a counted window starts from a clean heap.
  if (message === 'gc') {
    global.gc?.();
    process.send({ collected: true });
    return;
  }
  if (message !== 'usage') return;
  const { user, system } = process.cpuUsage();
  process.send({ usage: { cpu: user + system, rss: process.memoryUsage.rss() } });
});
process.on('SIGINT', () => process.exit(0));
