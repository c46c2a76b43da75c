import { Entity, Index, PrimaryColumn } from 'typeorm';

/** An access group's schedule (same site): the group grants access while one of them is on. */
@Entity('mobile_access_group_schedules')
@Index('ix_mobile_access_group_schedules_schedule', ['tenantId', 'scheduleId'])
export class AccessGroupScheduleEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'access_group_id', type: 'integer' })
  accessGroupId: number;

  @PrimaryColumn({ name: 'schedule_id', type: 'integer' })
  scheduleId: number;
}
