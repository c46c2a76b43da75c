import { Injectable } from '@nestjs/common';
import { MobileUserAccessGroupEntity } from './entities/mobile-user-access-group.entity';
import { ACCESS_GROUPS, SiteModelStore } from './site-model.store';

/**
 * Which access groups a mobile user is in: what the mobile-users API writes (mobile-auth) and the access
 * decisions read. Joining a group is a write on the group's row (member_count), so a membership and a
 * concurrent delete of its group meet on that row: the membership lands first and goes with the group,
 * or it finds no group (422).
 */
@Injectable()
export class MembershipsService {
  constructor(private readonly store: SiteModelStore) {}

  /** The user's groups, in id order. */
  async groupIds(tenantId: string, userId: string): Promise<number[]> {
    const rows = await this.store.manager.find(MobileUserAccessGroupEntity, {
      where: { tenantId, userId },
      order: { accessGroupId: 'ASC' },
    });
    return rows.map((row) => row.accessGroupId);
  }

  /**
   * Makes the user a member of exactly `groupIds` (unique ids). An id the tenant has no group for is a
   * 422 naming `<field>[i]`, and nothing changes (the request's transaction rolls back).
   */
  async replace(tenantId: string, userId: string, groupIds: readonly number[], field = 'accessGroupIds') {
    await this.removeUser(tenantId, userId);
    await this.store.reference(ACCESS_GROUPS, tenantId, groupIds, { field, list: true });
    await this.store.insert(
      MobileUserAccessGroupEntity,
      groupIds.map((accessGroupId) => ({ tenantId, userId, accessGroupId })),
    );
  }

  /** The user leaves every group (the user is deleted, or loses mobile access). */
  async removeUser(tenantId: string, userId: string): Promise<void> {
    await this.store.release(ACCESS_GROUPS, tenantId, await this.groupIds(tenantId, userId));
    await this.store.deleteWhere(MobileUserAccessGroupEntity, { tenantId, userId });
  }
}
