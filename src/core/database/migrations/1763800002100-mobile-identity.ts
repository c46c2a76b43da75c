import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { col, exactCollation } from '../portable-columns';

/**
 * Primis mobile identity: the tenant's phone licence (limits and the tenant-wide counter), the
 * mobile users' profiles (zoneAccess, the per-user phone counter) and their registered phones. No
 * foreign key to tenants: a key check would share-lock the tenant row that the counter then writes,
 * and two logins holding that share lock deadlock. Phone ids are the app's and exact (bytes) on
 * MySQL/MariaDB, as SQLite compares them.
 */
export class MobileIdentity1763800002100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('tenants', [
      new TableColumn(col.int('mobile_phones_per_user', { isNullable: true })),
      new TableColumn(col.int('mobile_phones_total', { isNullable: true })),
      new TableColumn(col.int('mobile_phone_count', { default: 0 })),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'mobile_user_profiles',
        columns: [
          col.primaryString('user_id', 36),
          col.string('tenant_id', 64),
          col.int('zone_access', { default: 0 }),
          col.int('phone_count', { default: 0 }),
        ],
        indices: [new TableIndex({ name: 'ix_mobile_user_profiles_tenant', columnNames: ['tenant_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mobile_phones',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('phone_id', 200),
          col.string('user_id', 36),
          col.string('session_id', 36, { isNullable: true }),
          col.timestamp('registered_at'),
          col.timestamp('last_login_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_mobile_phones_user', columnNames: ['tenant_id', 'user_id'] }),
          new TableIndex({ name: 'ix_mobile_phones_session', columnNames: ['session_id'] }),
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    const exact = await exactCollation(queryRunner);
    await queryRunner.query(
      `ALTER TABLE mobile_phones MODIFY phone_id VARCHAR(200) CHARACTER SET utf8mb4 COLLATE ${exact} NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mobile_phones');
    await queryRunner.dropTable('mobile_user_profiles');
    await queryRunner.dropColumns('tenants', [
      'mobile_phones_per_user',
      'mobile_phones_total',
      'mobile_phone_count',
    ]);
  }
}
