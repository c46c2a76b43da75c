import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col, exactCollation } from '../portable-columns';

/** The audit of Primis geolocation access decisions (mobile/access). */
export class MobileAccessDecisions1763800002200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mobile_access_decisions',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.timestamp('decided_at'),
          col.string('user_id', 36),
          col.string('email', 254),
          col.string('phone_id', 200, { isNullable: true }),
          col.string('method', 8),
          col.string('zone_id', 64, { isNullable: true }),
          col.string('result', 8),
          col.string('reason', 32, { isNullable: true }),
          { name: 'distance', type: 'double', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_mobile_access_decisions_tenant', columnNames: ['tenant_id', 'id'] }),
          new TableIndex({
            name: 'ix_mobile_access_decisions_user',
            columnNames: ['tenant_id', 'user_id', 'id'],
          }),
          new TableIndex({
            name: 'ix_mobile_access_decisions_area',
            columnNames: ['tenant_id', 'zone_id', 'id'],
          }),
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    // Area ids are exact, as in the site model's tables (`Lobby` and `lobby` are two areas).
    await queryRunner.query(
      `ALTER TABLE mobile_access_decisions MODIFY zone_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${await exactCollation(queryRunner)} NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mobile_access_decisions');
  }
}
