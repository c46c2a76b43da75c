import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SiteRecord } from './site-record';

/**
 * An access group of a site: its members may enter its controlled areas while one of its schedules is
 * on (links in access-group-area / access-group-schedule; members in mobile-user-access-group).
 */
@Entity('mobile_access_groups')
@Index('ix_mobile_access_groups_site', ['tenantId', 'siteId'])
export class AccessGroupEntity extends SiteRecord {
  /** A number, as the spec's access group bodies show. */
  @PrimaryColumn({ type: 'integer' })
  id: number;

  /**
   * Mobile users in the group. Adding a member increments it (a write on this row), so a membership
   * added while the group is deleted either lands before the delete (and goes with it) or finds no group.
   */
  @Column({ name: 'member_count', type: 'integer', default: 0 })
  memberCount: number;
}
