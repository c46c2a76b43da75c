import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process; called first thing at start-up (and by
 * the benchmarks' servers, so they measure what runs). From what it sees at start-up and in bursts,
 * V8 decided that sites allocating per-request objects (mysql2's rows and column definitions, the HTTP
 * parser's requests) make long-lived objects and allocated them straight in the old generation: at a
 * steady 1,200 polls a second that was ~180 MiB of garbage there per 30 s, a mark-compact every
 * 15-20 s and the latency spikes around it. Without it these objects die young, in scavenges
 * (bench/README, negotiate, fifth pass). It applies to what is allocated from now on.
 */
export function allocateYoungFirst(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * The Node flags the service runs with (`npm start` passes them). V8 takes these only on the command
 * line: set at run time, unlike the one above, they change nothing.
 * --no-memory-reducer: when the service has been idle a few seconds, V8's memory reducer runs a full
 * collection that shrinks the heap and, with no request in flight, lets the object shapes of the
 * request path die: ~90 optimized functions of that path are thrown away with them, and the next burst
 * of requests runs unoptimized, at about twice the CPU, for 1-2 s while they are compiled again. A
 * fleet coming back after a quiet spell at half the saturation rate met a p99 of 280-550 ms; with the
 * flag 9-20 ms in 8 of 11 runs (bench/README, negotiate, thirteenth pass). The price is memory an idle
 * service keeps: its heap stays at its working size.
 */
export const RUNTIME_FLAGS: readonly string[] = ['--no-memory-reducer'];

/**
 * The runtime flags this process was started without, or with undone by a later `--memory-reducer`.
 * V8 reads `_` as `-` and `--noname` as `--no-name`, and the last of a flag's spellings wins.
 */
export function missingRuntimeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  const given = execArgv.map((arg) => arg.replace(/_/g, '-').replace(/^--no(?!-)/, '--no-'));
  return RUNTIME_FLAGS.filter((flag) => {
    const opposite = flag.replace(/^--no-/, '--');
    return given.lastIndexOf(flag) <= given.lastIndexOf(opposite);
  });
}
