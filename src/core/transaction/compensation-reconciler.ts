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
import { UndoHandlers } from './undo-handlers';

const BATCH = 50;
const LEASE_MS = 60_000;
const MARKER_RETENTION_MS = 24 * 3600_000;

/**
 * Background loop, safe to run on every instance at once:
 * 1. takes over undos of requests that died (journal rows left `armed`/`committing`): if the
 *    request's commit marker exists it committed and the rows are dropped, else they become `pending`;
 * 2. retries `pending` undos with exponential backoff until they succeed.
 */
@Injectable()
export class CompensationReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
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
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    await this.adoptOrphans();
    for (const row of await this.journal.claimDue(BATCH, LEASE_MS)) {
      const attempts = row.attempts + 1;
      if (await runJournalledUndo(this.handlers, this.journal, row, attempts, this.logger)) {
        this.logger.log(`undo ${row.kind} #${row.id} succeeded after ${attempts} attempt(s)`);
      }
    }
    await this.markers.removeOlderThan(new Date(Date.now() - MARKER_RETENTION_MS));
  }

  private async adoptOrphans(): Promise<void> {
    const olderThan = new Date(Date.now() - this.config.compensationOrphanAfterMs);
    const orphans = await this.journal.orphans(olderThan, BATCH);
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
