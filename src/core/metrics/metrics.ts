import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CompensationReconciler } from '../transaction/compensation-reconciler';
import { CompensationJournal } from '../transaction/journal/compensation-journal';
import type { CompensationStatus } from '../transaction/journal/compensation.entity';
import { JOURNAL_DATA_SOURCE } from '../transaction/tokens';
import { poolUsage } from './pool-usage';
import { LeanHistogram } from './lean-histogram';

/** Unmatched paths share one label, so a scan of random URLs cannot grow the series without bound. */
const UNMATCHED_ROUTE = 'unmatched';
const OPEN_STATUSES: CompensationStatus[] = ['armed', 'committing', 'pending'];

/**
 * The Prometheus metrics of this instance, in a registry of its own: requests by route template,
 * method and status with their latency, the database pools, the compensation backlog and the
 * reconciler's lag, and the process's default metrics. Gauges are read when scraped.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new LeanHistogram(
    'http_request_duration_seconds',
    'HTTP requests by route template, method and status: latency until the response is sent',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    this.registry,
  );
  /** The backlog query in flight: the gauges of one scrape, collected concurrently, share it. */
  private backlog: ReturnType<CompensationJournal['backlog']> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOURNAL_DATA_SOURCE) private readonly journalDataSource: DataSource,
    private readonly journal: CompensationJournal,
    private readonly reconciler: CompensationReconciler,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.poolGauges();
    this.compensationGauges();
  }

  /** `route`: the matched route's template (`/api/v1/tenant/:tenantId/...`), undefined when none matched. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const template = route ?? UNMATCHED_ROUTE;
    this.requests.observe(
      `${method} ${statusCode} ${template}`,
      () => ({ method, route: template, status_code: statusCode }),
      seconds,
    );
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private poolGauges(): void {
    const pools = { main: this.dataSource, journal: this.journalDataSource };
    const gauge = (
      name: string,
      help: string,
      read: (usage: NonNullable<ReturnType<typeof poolUsage>>) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers: [this.registry],
        collect() {
          for (const [pool, dataSource] of Object.entries(pools)) {
            const usage = poolUsage(dataSource);
            if (usage) this.set({ pool }, read(usage));
          }
        },
      });
    gauge(
      'db_pool_connections_in_use',
      'Database connections lent out (SQLite: its one connection busy)',
      (u) => u.inUse,
    );
    gauge(
      'db_pool_requests_waiting',
      'Requests waiting for a database connection (SQLite: for its turn)',
      (u) => u.waiting,
    );
    gauge('db_pool_connections_max', 'Connections the pool may open', (u) => u.max);
  }

  private compensationGauges(): void {
    const backlog = () => this.currentBacklog();
    new Gauge({
      name: 'compensations_open',
      help: 'Undos of external side effects not finished, by status (pending: an undo must run)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const { byStatus } = await backlog();
        for (const status of OPEN_STATUSES) this.set({ status }, byStatus[status] ?? 0);
      },
    });
    new Gauge({
      name: 'compensation_reconciler_lag_seconds',
      help: 'How long the oldest due pending undo has waited past its due time (0: none waiting)',
      registers: [this.registry],
      async collect() {
        const { oldestDue } = await backlog();
        this.set(oldestDue ? Math.max(0, (Date.now() - oldestDue.getTime()) / 1000) : 0);
      },
    });
    const reconciler = this.reconciler;
    new Gauge({
      name: 'compensation_reconciler_last_pass_seconds',
      help: "Seconds since this instance's reconciler last finished a pass (absent before the first)",
      registers: [this.registry],
      collect() {
        this.reset();
        if (reconciler.lastPassEndedAt !== undefined)
          this.set((Date.now() - reconciler.lastPassEndedAt) / 1000);
      },
    });
  }

  private currentBacklog(): ReturnType<CompensationJournal['backlog']> {
    this.backlog ??= this.journal.backlog(new Date()).finally(() => (this.backlog = undefined));
    return this.backlog;
  }
}
