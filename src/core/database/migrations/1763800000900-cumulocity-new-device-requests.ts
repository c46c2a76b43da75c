import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Cumulocity new device requests, and each tenant's securityToken mode. */
export class CumulocityNewDeviceRequests1763800000900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'new_device_requests',
        columns: [
          col.increment('seq'),
          col.string('tenant_id', 64),
          col.string('device_key', 64),
          col.string('device_id', 1000),
          col.string('status', 32),
          col.string('type', 255, { isNullable: true }),
          col.string('group_id', 255, { isNullable: true }),
          col.string('owner', 320),
          col.timestamp('creation_time'),
          col.text('fragments', { isNullable: true }),
          col.string('security_token_hash', 64, { isNullable: true }),
          col.int('poll_count', { default: 0 }),
          col.timestamp('poll_window_start', { isNullable: true }),
          col.timestamp('credentials_issued_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'ux_new_device_requests_key_tenant',
            columnNames: ['device_key', 'tenant_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_new_device_requests_tenant_seq', columnNames: ['tenant_id', 'seq'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'new_device_request_settings',
        columns: [col.primaryString('tenant_id', 64), col.string('security_token_mode', 16)],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('new_device_request_settings');
    await queryRunner.dropTable('new_device_requests');
  }
}
