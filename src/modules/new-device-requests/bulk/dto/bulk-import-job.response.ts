import type { BulkImportJobEntity } from '../entities/bulk-import-job.entity';

export const jobPath = (id: string): string => `/devicecontrol/bulkNewDeviceRequests/jobs/${id}`;

/** A background import as GET .../jobs/{id} shows it: state, lines done of total, Cumulocity's counts. */
export class BulkImportJobView {
  id: string;
  self: string;
  /** RUNNING, COMPLETED or FAILED. */
  state: string;
  rowsDone: number;
  /** Lines of the file after the header (blank lines included). */
  rowsTotal: number;
  numberOfCreated: number;
  numberOfCredentialUpdated: number;
  numberOfFailed: number;
  numberOfSuccessful: number;
  dryRun: boolean;
  mode: string;
  /** Why the job failed as a whole, when it did. */
  failure?: string;
  creationTime: string;
  /** Every line's outcome as CSV. */
  report: string;

  static from(job: BulkImportJobEntity, selfOf: (path: string) => string): BulkImportJobView {
    return {
      id: job.id,
      self: selfOf(jobPath(job.id)),
      state: job.state,
      rowsDone: job.rowsDone,
      rowsTotal: job.rowsTotal,
      numberOfCreated: job.created,
      numberOfCredentialUpdated: job.credentialsUpdated,
      numberOfFailed: job.failed,
      numberOfSuccessful: job.created + job.credentialsUpdated,
      dryRun: job.dryRun,
      mode: job.allOrNothing ? 'all-or-nothing' : 'per-line',
      ...(job.failure ? { failure: job.failure } : {}),
      creationTime: job.createdAt.toISOString(),
      report: selfOf(`${jobPath(job.id)}/report.csv`),
    };
  }
}
