import { Injectable } from '@nestjs/common';
import { BulkImportJobsRepository } from './bulk-import-jobs.repository';
import { formulaSafeRow } from './csv/formula-safe';

const PAGE = 1000;

/** A job's per-line report as CSV, read page by page (keyset on the line) so any size streams. */
@Injectable()
export class BulkReportCsv {
  constructor(private readonly jobs: BulkImportJobsRepository) {}

  async *lines(jobId: string): AsyncGenerator<string> {
    yield formulaSafeRow(['line', 'deviceId', 'status', 'failureReason']);
    for (let after = 0; ;) {
      const rows = await this.jobs.rows(jobId, after, PAGE);
      if (rows.length > 0)
        yield rows
          .map((row) => formulaSafeRow([row.line, row.deviceId, row.status, row.failureReason]))
          .join('');
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].line;
    }
  }
}
