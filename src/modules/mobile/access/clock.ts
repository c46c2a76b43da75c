import { Injectable } from '@nestjs/common';

/**
 * The time access decisions are made at. Injected so tests set "now" (schedule edges, the end of a
 * momentary unlock) without waiting; production reads the system clock (keep instances NTP-synced:
 * a momentary unlock's end is written by one instance and read by all).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
