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
