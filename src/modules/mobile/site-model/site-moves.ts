import { PlatformException } from '../../../core/http/app.exception';
import { type Referenced, type SiteModelStore, SITES } from './site-model.store';

/**
 * Points a record (area, schedule, access group) at its site: a new record takes a reference on the
 * site (422 when the tenant has no such site); a record that changes site moves its reference, and a
 * site-bound record (area, schedule) that others point at may not move: they are on its old site (409).
 */
export async function moveSite(
  store: SiteModelStore,
  target: Referenced,
  tenantId: string,
  id: string | number,
  from: string | undefined,
  to: string,
): Promise<void> {
  if (from === to) return;
  await store.reference(SITES, tenantId, [to], { field: 'siteId' });
  if (from === undefined) return;
  if (target.siteBound && !(await store.moveUnreferenced(target, tenantId, id, to)))
    throw PlatformException.conflict(
      `${target.noun} ${id} is used on site ${from}: remove it from its access groups and controlled-area schedules before moving it`,
    );
  await store.release(SITES, tenantId, [from]);
}
