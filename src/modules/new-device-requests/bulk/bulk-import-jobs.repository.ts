import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, LessThan } from 'typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { insertRows } from '../inventory/multi-row-insert';
import type { BulkReport, RowOutcome } from './bulk-report';
import { BulkImportJobRowEntity } from './entities/bulk-import-job-row.entity';
import { BulkImportJobEntity } from './entities/bulk-import-job.entity';

const ROW_COLUMNS = ['job_id', 'line', 'device_id', 'status', 'failure_reason'];

/** Background imports and their per-line outcomes: the state any instance reads. */
@Injectable()
export class BulkImportJobsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get jobs() {
    return this.txHost.tx.getRepository(BulkImportJobEntity);
  }

  async insert(job: BulkImportJobEntity): Promise<void> {
    await this.jobs.insert(job);
  }

  find(tenantId: string, id: string): Promise<BulkImportJobEntity | null> {
    return this.jobs.findOneBy({ tenantId, id });
  }

  /**
   * Stores a batch's outcomes and the progress they make, as the job's heartbeat. False when the job
   * is no longer RUNNING (another instance took it for lost): its runner stops.
   */
  async progress(jobId: string, outcomes: readonly RowOutcome[], report: BulkReport): Promise<boolean> {
    const rows = outcomes.map((outcome) => [
      jobId,
      outcome.line,
      outcome.deviceId ?? null,
      outcome.status,
      outcome.failureReason ?? null,
    ]);
    await insertRows(this.txHost.tx, 'bulk_import_job_rows', ROW_COLUMNS, rows);
    const updated = await this.jobs.update(
      { id: jobId, state: 'RUNNING' },
      { ...counts(report), heartbeatAt: new Date() },
    );
    return (updated.affected ?? 0) > 0;
  }

  /**
   * Ends a RUNNING job (only a RUNNING one: a job already marked failed by another instance stays so).
   * True when it ended it.
   */
  async finish(
    jobId: string,
    state: 'COMPLETED' | 'FAILED',
    report: BulkReport,
    failure: string | null,
  ): Promise<boolean> {
    const result = await this.jobs.update(
      { id: jobId, state: 'RUNNING' },
      { state, failure, ...counts(report), heartbeatAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** RUNNING jobs whose heartbeat stopped before `since`: their instance is gone. */
  stale(since: Date): Promise<Pick<BulkImportJobEntity, 'id' | 'tenantId'>[]> {
    return this.jobs.find({
      select: { id: true, tenantId: true },
      where: { state: 'RUNNING', heartbeatAt: LessThan(since) },
    });
  }

  /** Which of these jobs are RUNNING. */
  async runningAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const running = await this.jobs.find({ select: { id: true }, where: { id: In(ids), state: 'RUNNING' } });
    return new Set(running.map((job) => job.id));
  }

  /** Fails one job if it is still stale (another instance may have failed it first). True when this call did. */
  async failIfStale(jobId: string, since: Date, failure: string): Promise<boolean> {
    const result = await this.jobs.update(
      { id: jobId, state: 'RUNNING', heartbeatAt: LessThan(since) },
      { state: 'FAILED', failure },
    );
    return (result.affected ?? 0) > 0;
  }

  /** One page of the per-line report in line order, after `afterLine`. */
  async rows(jobId: string, afterLine: number, take: number): Promise<BulkImportJobRowEntity[]> {
    const sql =
      'SELECT line, device_id, status, failure_reason FROM bulk_import_job_rows WHERE job_id = ? AND line > ? ORDER BY line LIMIT ?';
    const { records } = await leanQuery<{
      line: number;
      device_id: string | null;
      status: string;
      failure_reason: string | null;
    }>(this.txHost.tx, sql, [jobId, afterLine, take]);
    return records.map((row) => ({
      jobId,
      line: Number(row.line),
      deviceId: row.device_id,
      status: row.status,
      failureReason: row.failure_reason,
    }));
  }
}

const counts = (report: BulkReport) => ({
  rowsDone: report.all,
  created: report.created,
  credentialsUpdated: report.credentialsUpdated,
  failed: report.failed,
});
