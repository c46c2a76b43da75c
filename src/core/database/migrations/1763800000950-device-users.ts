import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col, exactCollation } from '../portable-columns';

/**
 * Device users (`device_<id>`), a principal beside the human users. Device ids are the client's and
 * exact (`CaseX` and `casex` are two devices): on MySQL/MariaDB the id column compares bytes, as the
 * Mender ids do (1763800000400); the key is a SHA-256 of the id, so it is exact on both anyway.
 */
export class DeviceUsers1763800000950 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'device_users',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('device_key', 64),
          col.string('id', 36),
          col.string('device_id', 1000),
          col.string('password_hash', 255),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_device_users_id', columnNames: ['id'], isUnique: true }),
          new TableIndex({ name: 'ix_device_users_key', columnNames: ['device_key'] }),
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    const exact = await exactCollation(queryRunner);
    await queryRunner.query(
      `ALTER TABLE device_users MODIFY device_id VARCHAR(1000) CHARACTER SET utf8mb4 COLLATE ${exact} NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('device_users');
  }
}
