import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Mender device admission: authentication data sets. */
export class MenderAdmission1763800000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'auth_sets',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('id', 128),
          col.string('device_id', 128),
          col.text('device_identity'),
          col.text('attributes'),
          col.text('pubkey'),
          col.string('status', 16),
          col.timestamp('request_time'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_auth_sets_tenant_status_id',
            columnNames: ['tenant_id', 'status', 'id'],
          }),
          new TableIndex({
            name: 'ix_auth_sets_tenant_device_id',
            columnNames: ['tenant_id', 'device_id', 'id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_sets');
  }
}
