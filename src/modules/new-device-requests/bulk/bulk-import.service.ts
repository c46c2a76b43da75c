import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../../config/app-config';
import { TenantsService } from '../../../core/tenancy/tenants.service';
import { CumulocityErrorCode, CumulocityException } from '../cumulocity.exception';
import { ImportBatches, type OutcomeSink } from './import-batches';
import type { BulkReport } from './bulk-report';
import { readHeader } from './csv/csv-header';
import { type CsvLimits, DEFAULT_LINE_LIMITS } from './csv/csv-limits';
import { readCsv } from './csv/csv-records';
import { maskedLine, readDeviceRow } from './csv/device-row';
import { DeviceBatchWriter } from './device-batch-writer';

export interface ImportCaller {
  tenantId: string;
  /** The management tenant's files name each row's tenant (TENANT column). */
  management: boolean;
}

export interface ImportOptions {
  dryRun: boolean;
  allOrNothing: boolean;
}

/** An all-or-nothing import had failing lines: its transaction was rolled back. */
export class NothingWritten extends CumulocityException {
  constructor(readonly report: BulkReport) {
    super(
      CumulocityErrorCode.INVALID_DATA,
      `mode=all-or-nothing: ${report.failed} of ${report.all} lines failed, nothing was written`,
    );
  }
}

const invalidFile = (message: string) => new CumulocityException(CumulocityErrorCode.INVALID_DATA, message);

/**
 * The bulk import, streamed end to end: bytes → caps → fast-csv → row rules → batches whose passwords
 * are hashed while the previous batch is written. Memory holds one chunk, one record and two batches.
 */
@Injectable()
export class BulkImportService {
  constructor(
    private readonly config: AppConfig,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly writer: DeviceBatchWriter,
    private readonly tenants: TenantsService,
  ) {}

  get limits(): CsvLimits {
    return { maxBytes: this.config.uploadLimitBytes, ...DEFAULT_LINE_LIMITS };
  }

  /**
   * Imports the file into `report` (and `sink`, per batch). Per line by default, as Cumulocity does;
   * all-or-nothing runs in one transaction and throws NothingWritten when any line failed.
   */
  async import(
    source: AsyncIterable<Buffer>,
    caller: ImportCaller,
    options: ImportOptions,
    report: BulkReport,
    sink?: OutcomeSink,
  ): Promise<void> {
    const run = () => this.stream(source, caller, options, report, sink);
    if (options.allOrNothing && !options.dryRun) {
      await this.txHost.withTransaction(async () => {
        await run();
        if (report.failed > 0) throw new NothingWritten(report); // rolls the import back
      });
      return;
    }
    await run();
    if (options.allOrNothing && report.failed > 0) throw new NothingWritten(report); // a dry run says so too
  }

  private async stream(
    source: AsyncIterable<Buffer>,
    caller: ImportCaller,
    options: ImportOptions,
    report: BulkReport,
    sink?: OutcomeSink,
  ): Promise<void> {
    const csv = await readCsv(source, this.limits);
    const records = csv.records[Symbol.asyncIterator]();
    const first = await records.next();
    if (first.done) throw invalidFile('The file is empty: line 1 must name the columns');
    const header = readHeader(first.value.cells, caller.management);
    if ('error' in header) throw invalidFile(`line 1: ${header.error}`);
    const batches = new ImportBatches(this.writer, options.dryRun, report, sink);
    const tenantExists = new Map<string, boolean>();
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const { cells, line } = next.value;
      const result = readDeviceRow(cells, line, header.header, csv.separator, caller.management);
      if ('failure' in result) {
        await batches.fail(result.failure);
        continue;
      }
      const tenantId = result.row.tenant ?? caller.tenantId;
      if (!(await this.exists(tenantId, tenantExists))) {
        const text = maskedLine(cells, header.header, csv.separator);
        await batches.fail({
          line,
          deviceId: result.row.deviceId,
          reason: `Tenant ${tenantId} does not exist`,
          text,
        });
        continue;
      }
      await batches.add(tenantId, result.row);
    }
    await batches.finish();
  }

  private async exists(tenantId: string, known: Map<string, boolean>): Promise<boolean> {
    let exists = known.get(tenantId);
    if (exists === undefined) {
      exists = await this.tenants.get(tenantId).then(
        () => true,
        () => false,
      );
      known.set(tenantId, exists);
    }
    return exists;
  }
}
