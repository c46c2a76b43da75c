import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Genetec Clearance: devices, their credentials, configurations and negotiation transactions. */
export class GenetecDevices1763800000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'devices',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('id', 36),
          col.string('serial_number', 200),
          col.string('manufacturer', 200),
          col.string('model', 200, { isNullable: true }),
          col.string('common_name', 200, { isNullable: true }),
          col.string('device_type', 100),
          col.boolean('active'),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_devices_tenant_active_type',
            columnNames: ['tenant_id', 'active', 'device_type', 'id'],
          }),
          new TableIndex({ name: 'ix_devices_tenant_type', columnNames: ['tenant_id', 'device_type', 'id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_credentials',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.string('device_id', 36),
          col.string('transaction_id', 36, { isNullable: true }),
          col.text('sealed_secret'),
          col.string('lookup', 64),
          col.string('state', 16),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_device_credentials_device_state',
            columnNames: ['tenant_id', 'device_id', 'state'],
          }),
          new TableIndex({
            name: 'ix_device_credentials_device_lookup',
            columnNames: ['tenant_id', 'device_id', 'lookup'],
          }),
          new TableIndex({
            name: 'ix_device_credentials_transaction',
            columnNames: ['tenant_id', 'transaction_id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_configurations',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('device_id', 36),
          col.text('desired'),
          col.string('desired_hash', 64),
          col.text('applied', { isNullable: true }),
          col.text('capabilities'),
          col.string('pending_credential_transaction', 36, { isNullable: true }),
          col.timestamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'configuration_transactions',
        columns: [
          col.primaryString('id', 36),
          col.string('tenant_id', 64),
          col.string('device_id', 36),
          col.text('configuration'),
          col.boolean('carries_credential'),
          col.string('status', 16),
          col.string('reason_code', 200, { isNullable: true }),
          col.string('reason_message', 2000, { isNullable: true }),
          col.timestamp('created_at'),
          col.timestamp('expires_at'),
          col.timestamp('closed_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_configuration_transactions_device',
            columnNames: ['tenant_id', 'device_id', 'created_at'],
          }),
          new TableIndex({
            name: 'ix_configuration_transactions_device_status',
            columnNames: ['tenant_id', 'device_id', 'status'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'configuration_transactions',
      'device_configurations',
      'device_credentials',
      'devices',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
