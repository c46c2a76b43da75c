import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One period of a schedule, with the spec's masks (schedule-masks.ts). The spec gives a period no time
 * of day; this service adds one: the period runs from `start_minute` to `end_minute` (minutes after local
 * midnight, 0..1440) of each day it matches; `end_minute <= start_minute` spans midnight into the next
 * day. `on_time` / `off_time` bound the dates it is in effect, as local wall-clock text
 * (`YYYY-MM-DD HH:mm:ss`), null when unbounded. Replaced as a whole with its schedule.
 */
@Entity('mobile_schedule_periods')
@Index('ux_mobile_schedule_periods_position', ['tenantId', 'scheduleId', 'position'], { unique: true })
export class SchedulePeriodEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'schedule_id', type: 'integer' })
  scheduleId: number;

  /** Order within the schedule, from 0. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'integer' })
  frequency: number;

  @Column({ type: 'integer' })
  exceptions: number;

  @Column({ type: 'integer' })
  days: number;

  @Column({ name: 'start_minute', type: 'integer' })
  startMinute: number;

  @Column({ name: 'end_minute', type: 'integer' })
  endMinute: number;

  @Column({ name: 'on_time', type: 'varchar', length: 19, nullable: true })
  onTime: string | null;

  @Column({ name: 'off_time', type: 'varchar', length: 19, nullable: true })
  offTime: string | null;
}
