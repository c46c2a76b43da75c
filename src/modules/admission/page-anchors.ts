import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AuthSetFilter } from './auth-sets.repository';

const TTL_MS = 30_000;

/**
 * Keyset paging under Mender's page/per_page: after serving a page, the id that ends it is kept for
 * 30 seconds, keyed by (tenant, filter, offset). A client following `next` then gets its page by
 * `id > anchor` (an index seek) instead of skipping 100,000 index entries. A cache, safe to lose:
 * without an anchor the page is found by offset. Writes in the tenant drop its anchors here; another
 * instance's anchors expire within 30 s: meanwhile a client following `next` there sees the list as it
 * was when it started (keyset order: no row twice, none skipped), not shifted by the new rows.
 */
@Injectable()
export class PageAnchors {
  private readonly anchors = new LRUCache<string, string>({ max: 20_000, ttl: TTL_MS });
  private readonly generations = new Map<string, number>();

  /** The id of the last row before `offset`, if known. */
  before(tenantId: string, filter: AuthSetFilter, offset: number): string | undefined {
    return offset === 0 ? undefined : this.anchors.get(this.key(tenantId, filter, offset));
  }

  remember(tenantId: string, filter: AuthSetFilter, offset: number, id: string): void {
    this.anchors.set(this.key(tenantId, filter, offset), id);
  }

  /** Rows were added, removed or moved between filters: offsets in this tenant no longer hold. */
  forget(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
  }

  private key(tenantId: string, filter: AuthSetFilter, offset: number): string {
    return JSON.stringify([
      tenantId,
      this.generations.get(tenantId) ?? 0,
      filter.status ?? '',
      filter.deviceId ?? '',
      offset,
    ]);
  }
}
