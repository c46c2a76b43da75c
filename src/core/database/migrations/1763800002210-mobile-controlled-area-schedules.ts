import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col, exactCollation } from '../portable-columns';

/** Controlled areas driven by schedules: the area's state follows the schedule's on and off actions. */
export class MobileControlledAreaSchedules1763800002210 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mobile_controlled_area_schedules',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.int('schedule_id'),
          col.string('controlled_area_id', 64),
          col.int('on_action'),
          col.int('off_action'),
          col.string('description', 1000),
        ],
        indices: [
          new TableIndex({
            name: 'ux_mobile_area_schedules_pair',
            columnNames: ['tenant_id', 'schedule_id', 'controlled_area_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_mobile_area_schedules_area',
            columnNames: ['tenant_id', 'controlled_area_id'],
          }),
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    // Area ids are exact, as in the site model's tables (`Lobby` and `lobby` are two areas).
    await queryRunner.query(
      `ALTER TABLE mobile_controlled_area_schedules MODIFY controlled_area_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${await exactCollation(queryRunner)} NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mobile_controlled_area_schedules');
  }
}
