import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CommitMarkers } from './commit-markers';
import type { CompensationEntity } from './journal/compensation.entity';
import { CompensationJournal } from './journal/compensation-journal';
import { runJournalledUndo } from './journal/run-journalled-undo';
import { leaseMs } from './settle-rules';
import { UndoHandlers } from './undo-handlers';
import { UndoRunner } from './undo-runner';

/** Unfinished keys examined, and pending undos run, per pass at most. */
const KEYS_PER_PASS = 20;
const UNDOS_PER_PASS = 50;
/** Undos of one pass run this many at a time (each holding its own key's lock). */
const PARALLEL_UNDOS = 4;
const MARKER_RETENTION_MS = 24 * 3600_000;

/**
 * Background loop, safe to run on every instance at once:
 * 1. adopts keyed undos whose request is no longer inside its transaction (it died, or rolled back
 *    and has not run them yet): their key's lock is free (NOWAIT), so the commit marker tells whether
 *    the request committed (rows dropped) or not (undo run now);
 * 2. takes over unkeyed undos still `armed`/`committing` after COMPENSATION_ORPHAN_AFTER_MS, the
 *    fallback for undos registered without a key;
 * 3. retries `pending` undos with exponential backoff, each runner claiming one at a time with a lease
 *    of a few intervals, so a killed process's claim frees up soon; a keyed undo runs holding its key's lock.
 */
@Injectable()
export class CompensationReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** When the last pass ended (ms since the epoch), for /metrics. */
  lastPassEndedAt: number | undefined;

  constructor(
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
    private readonly runner: UndoRunner,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.reconcilerIntervalMs);
    this.timer.unref();
  }

  /** Stops before the databases close (they close in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; concurrent calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass()
      .catch((error: Error) => this.logger.error(`reconciler pass failed: ${error.message}`))
      .finally(() => {
        this.running = undefined;
        this.lastPassEndedAt = Date.now();
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const key of await this.journal.unfinishedKeys(KEYS_PER_PASS)) await this.runner.adoptKey(key);
    await this.adoptUnkeyedOrphans();
    await this.retryPending();
    await this.markers.removeOlderThan(new Date(Date.now() - MARKER_RETENTION_MS));
  }

  /**
   * A few runners, each claiming one undo at a time until none is due (or the pass has run its
   * share): a claim is never older than the one undo it covers.
   */
  private async retryPending(): Promise<void> {
    const lease = leaseMs(this.config.reconcilerIntervalMs);
    let budget = UNDOS_PER_PASS;
    const runner = async () => {
      while (budget-- > 0) {
        const [row] = await this.journal.claimDue(1, lease);
        if (!row) return;
        if (row.key) await this.runner.runUnderKey({ ...row, key: row.key });
        else await runJournalledUndo(this.handlers, this.journal, row, row.attempts + 1, this.logger);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_UNDOS }, runner));
  }

  private async adoptUnkeyedOrphans(): Promise<void> {
    const olderThan = new Date(Date.now() - this.config.compensationOrphanAfterMs);
    const orphans = await this.journal.orphans(olderThan, UNDOS_PER_PASS);
    const scopes = new Map<string, CompensationEntity[]>();
    for (const row of orphans) scopes.set(row.scopeId, [...(scopes.get(row.scopeId) ?? []), row]);
    for (const [scopeId, rows] of scopes) {
      if (await this.markers.exists(scopeId)) {
        await this.journal.removeScope(scopeId);
        await this.markers.remove(scopeId);
        continue;
      }
      this.logger.warn(`request ${rows[0].requestId} died with ${rows.length} external change(s) to undo`);
      for (const row of rows) await this.journal.markPending(row.id, 0, 'request did not finish');
    }
  }
}
