import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AppConfig } from '../../../config/app-config';
import { WebhookEventType } from '../../../core/webhooks/event-types';
import { Events } from '../../../core/webhooks/events';
import { CumulocityException } from '../cumulocity.exception';
import { BulkImportJobsRepository } from './bulk-import-jobs.repository';
import {
  BulkImportService,
  type ImportCaller,
  type ImportOptions,
  NothingWritten,
} from './bulk-import.service';
import { BulkImportJobView } from './dto/bulk-import-job.response';
import { BulkReport, type RowOutcome } from './bulk-report';
import { guardedBytes } from './csv/csv-records';
import type { BulkImportJobEntity } from './entities/bulk-import-job.entity';
import { SpoolFiles } from './spool-files';

/** A RUNNING job whose heartbeat (one per batch) is older than this lost its instance. */
export const STALE_AFTER_MS = 60_000;

class InstanceStopping extends Error {}

/**
 * `Prefer: respond-async` imports. The upload is spooled to the data folder through the same caps
 * (so a 413/422 still comes before the 202), then imported in the background; state, progress and
 * every line's outcome go to the database, so any instance answers for the job.
 *
 * A restart does not resume a job: the spool file is on the disk of the instance that received it,
 * which another instance cannot read. The job is marked FAILED saying which lines were written
 * (each line's outcome is in its report): at once on a graceful stop, within STALE_AFTER_MS of a
 * crash (by whichever instance looks first). The spool file goes with its job (SpoolFiles): when the
 * job ends, when an instance sharing the folder fails it as lost, or at the next start of the
 * instance (what a crash left, once its job is no longer RUNNING).
 */
@Injectable()
export class BulkImportJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BulkImportJobsService.name);
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private readonly spool: SpoolFiles;

  constructor(
    private readonly config: AppConfig,
    private readonly cls: ClsService,
    private readonly jobs: BulkImportJobsRepository,
    private readonly importer: BulkImportService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly events: Events,
  ) {
    this.spool = new SpoolFiles(join(config.dataDir, 'bulk-imports'));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.failStale();
    await this.removeLeftovers();
  }

  /** Stops taking batches; each running job records where it stopped before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  async start(
    source: AsyncIterable<Buffer>,
    caller: ImportCaller,
    options: ImportOptions,
    origin: string,
  ): Promise<BulkImportJobEntity> {
    const id = randomUUID();
    const { bytes } = await guardedBytes(source, this.importer.limits);
    await this.spool.write(id, bytes);
    const lines = bytes.records;
    const now = new Date();
    const job: BulkImportJobEntity = {
      id,
      tenantId: caller.tenantId,
      state: 'RUNNING',
      allOrNothing: options.allOrNothing,
      dryRun: options.dryRun,
      rowsTotal: Math.max(0, lines - 1),
      rowsDone: 0,
      created: 0,
      credentialsUpdated: 0,
      failed: 0,
      failure: null,
      origin,
      createdAt: now,
      heartbeatAt: now,
    };
    await this.jobs.insert(job);
    const run = this.cls.run(() => this.execute(job, caller, options));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return job;
  }

  /** The job of this tenant; a RUNNING one whose instance is gone is marked FAILED first. */
  async get(tenantId: string, id: string): Promise<BulkImportJobEntity> {
    let job = await this.jobs.find(tenantId, id);
    if (job?.state === 'RUNNING' && Date.now() - job.heartbeatAt.getTime() > STALE_AFTER_MS) {
      await this.failStale();
      job = await this.jobs.find(tenantId, id);
    }
    if (!job) throw CumulocityException.notFound(`No bulk import job for id '${id}'`);
    return job;
  }

  /** Fails every job whose instance is gone, each with its event; any instance may do it, one does each. */
  private async failStale(): Promise<void> {
    const since = new Date(Date.now() - STALE_AFTER_MS);
    const failure = interrupted('no heartbeat since the instance running it stopped');
    let failed = 0;
    for (const job of await this.jobs.stale(since)) {
      // Not caused by the request that happens to look (its event names no request).
      const ended = await this.cls.run({ ifNested: 'override' }, () =>
        this.txHost.withTransaction(async () => {
          if (!(await this.jobs.failIfStale(job.id, since, failure))) return false;
          await this.publishFinished(job);
          return true;
        }),
      );
      if (ended) {
        failed += 1;
        await this.spool.remove(job.id); // when the lost instance's folder is this one's
      }
    }
    if (failed > 0) this.logger.warn(`${failed} bulk import job(s) lost their instance: marked FAILED`);
  }

  /** Spool files older than a heartbeat's limit whose job is not RUNNING (ended, lost, or never recorded). */
  private async removeLeftovers(): Promise<void> {
    const old = await this.spool.writtenBefore(Date.now() - STALE_AFTER_MS);
    const running = await this.jobs.runningAmong(old);
    const left = old.filter((id) => !running.has(id));
    for (const id of left) await this.spool.remove(id);
    if (left.length > 0) this.logger.warn(`${left.length} spooled upload(s) of ended or lost jobs removed`);
  }

  private async execute(job: BulkImportJobEntity, caller: ImportCaller, options: ImportOptions) {
    const finish = (state: 'COMPLETED' | 'FAILED', counted: BulkReport, failure: string | null) =>
      this.finish(job, state, counted, failure);
    const report = new BulkReport(false);
    const failedLines: RowOutcome[] = [];
    const sink = async (outcomes: readonly RowOutcome[]) => {
      // All-or-nothing: these rows roll back with the import; its failures are written again after.
      if (options.allOrNothing)
        failedLines.push(...outcomes.filter((outcome) => outcome.status === 'FAILED'));
      const running = await this.jobs.progress(job.id, outcomes, report); // this batch is written: record it
      if (this.stopping || !running) throw new InstanceStopping();
    };
    try {
      await this.importer.import(createReadStream(this.spool.path(job.id)), caller, options, report, sink);
      await finish('COMPLETED', report, null);
    } catch (error) {
      if (error instanceof NothingWritten) {
        const failures = new BulkReport(false);
        for (const outcome of failedLines) failures.add(outcome);
        await this.jobs.progress(job.id, failedLines, failures);
        await finish('FAILED', failures, error.message);
      } else {
        const written = options.allOrNothing ? new BulkReport(false) : report; // rolled back whole
        await finish('FAILED', written, this.failureOf(error, report));
      }
    } finally {
      await this.spool.remove(job.id);
    }
  }

  /** Ends a job still RUNNING, with its event in the same transaction. */
  private finish(
    job: BulkImportJobEntity,
    state: 'COMPLETED' | 'FAILED',
    report: BulkReport,
    failure: string | null,
  ): Promise<void> {
    return this.txHost.withTransaction(async () => {
      if (await this.jobs.finish(job.id, state, report, failure)) await this.publishFinished(job);
    });
  }

  /** Inside the transaction that ended the job: the job as GET .../jobs/{id} shows it, linked at its origin. */
  private async publishFinished(job: Pick<BulkImportJobEntity, 'id' | 'tenantId'>): Promise<void> {
    const finished = (await this.jobs.find(job.tenantId, job.id)) as BulkImportJobEntity;
    const view = BulkImportJobView.from(finished, (path) => `${finished.origin ?? ''}${path}`);
    await this.events.publish(WebhookEventType.CUMULOCITY_BULK_IMPORT_FINISHED, job.tenantId, job.id, view);
  }

  private failureOf(error: unknown, report: BulkReport): string {
    if (error instanceof InstanceStopping)
      return interrupted(
        `the instance running it stopped after ${report.all} lines, whose outcomes are in the report`,
      );
    if (error instanceof Error && 'status' in error && Number(error.status) < 500) return error.message;
    this.logger.error({ err: error, msg: 'bulk import job failed' });
    return 'The import failed on a server error; the lines in the report were processed';
  }
}

const interrupted = (why: string) =>
  `Interrupted: ${why}. Lines not in the report were not imported; upload them again.`;
