import type { BulkReport, RowOutcome } from './bulk-report';
import type { DeviceRow, RowFailure } from './csv/device-row';
import type { DeviceBatchWriter, GroupCache } from './device-batch-writer';
import { hashAll } from './password-hashing';

/** Receives each batch's outcomes once written (a background job stores them and its progress). */
export type OutcomeSink = (outcomes: readonly RowOutcome[]) => Promise<void>;

/** Rows a batch writes at once: a few statements of 200 rows, and hashing them keeps both cores busy a while. */
export const BATCH_SIZE = 200;

interface Batch {
  rows: Map<string, DeviceRow[]>;
  keys: Set<string>;
  size: number;
  failures: RowOutcome[];
}

const emptyBatch = (): Batch => ({ rows: new Map(), keys: new Set(), size: 0, failures: [] });

/**
 * Collects valid rows into batches and writes them as a two-stage pipeline: while batch N is written,
 * batch N+1's passwords are already hashing. A device id seen twice in one batch closes it first, so
 * the second row finds the first one written (and is a CREDENTIAL_UPDATED), as Cumulocity reads a file
 * line by line.
 */
export class ImportBatches {
  private batch = emptyBatch();
  private writing: Promise<void> = Promise.resolve();
  private readonly groups: GroupCache = new Map();

  constructor(
    private readonly writer: DeviceBatchWriter,
    private readonly dryRun: boolean,
    private readonly report: BulkReport,
    private readonly sink?: OutcomeSink,
  ) {}

  async add(tenantId: string, row: DeviceRow): Promise<void> {
    const key = JSON.stringify([tenantId, row.deviceId]);
    if (this.batch.keys.has(key)) await this.flush();
    const rows = this.batch.rows.get(tenantId) ?? [];
    rows.push(row);
    this.batch.rows.set(tenantId, rows);
    this.batch.keys.add(key);
    this.batch.size += 1;
    if (this.batch.size >= BATCH_SIZE) await this.flush();
  }

  async fail(failure: RowFailure): Promise<void> {
    const { line, deviceId, reason, text } = failure;
    this.batch.failures.push({ line, deviceId, status: 'FAILED', failureReason: reason, text });
    if (this.batch.failures.length >= BATCH_SIZE) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writing;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = emptyBatch();
    const hashing = this.dryRun ? undefined : this.hash(batch);
    hashing?.catch(() => undefined); // awaited below, after the previous write
    await this.writing;
    this.writing = this.write(batch, hashing);
    this.writing.catch(() => undefined); // a failed write surfaces at the next flush or at finish
  }

  private async hash(batch: Batch): Promise<Map<string, string[]>> {
    const tenants = [...batch.rows.entries()];
    const hashes = await Promise.all(tenants.map(([, rows]) => hashAll(rows.map((row) => row.password))));
    return new Map(tenants.map(([tenantId], index) => [tenantId, hashes[index]]));
  }

  private async write(batch: Batch, hashing: Promise<Map<string, string[]>> | undefined): Promise<void> {
    const hashes = await hashing;
    const outcomes = [...batch.failures];
    for (const [tenantId, rows] of batch.rows) {
      const written = hashes
        ? await this.writer.write(tenantId, rows, hashes.get(tenantId) as string[], this.groups)
        : await this.writer.preview(tenantId, rows);
      outcomes.push(...written);
    }
    for (const outcome of outcomes) this.report.add(outcome);
    if (this.sink && outcomes.length > 0) await this.sink(outcomes);
  }
}
