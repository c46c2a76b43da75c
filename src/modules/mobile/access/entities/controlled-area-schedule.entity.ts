import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A controlled area driven by a schedule (`POST /api/controlled_area_schedules/schedule`): while the
 * schedule is on, an area in the normal state takes `on_action`, otherwise `off_action`
 * (ScheduleAction). One row per (schedule, area); posting the pair again replaces its actions.
 */
@Entity('mobile_controlled_area_schedules')
@Index('ux_mobile_area_schedules_pair', ['tenantId', 'scheduleId', 'controlledAreaId'], { unique: true })
@Index('ix_mobile_area_schedules_area', ['tenantId', 'controlledAreaId'])
export class ControlledAreaScheduleEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'schedule_id', type: 'integer' })
  scheduleId: number;

  @Column({ name: 'controlled_area_id', type: 'varchar', length: 64 })
  controlledAreaId: string;

  @Column({ name: 'on_action', type: 'integer' })
  onAction: number;

  @Column({ name: 'off_action', type: 'integer' })
  offAction: number;

  @Column({ type: 'varchar', length: 1000 })
  description: string;
}
