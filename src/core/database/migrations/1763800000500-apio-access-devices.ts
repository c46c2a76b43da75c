import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** APIO advanced access devices: phone types, settings, provisioning servers, devices and their ports. */
export class ApioAccessDevices1763800000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const tenantKey = col.primaryString('tenant_id', 64);
    await queryRunner.createTable(
      new Table({
        name: 'phone_types',
        columns: [
          tenantKey,
          col.primaryString('name', 128),
          col.text('definition'),
          col.timestamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({ name: 'access_device_settings', columns: [tenantKey, col.text('settings')] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'provisioning_servers',
        columns: [
          tenantKey,
          col.primaryString('name', 64),
          col.string('base_url', 2048),
          col.string('user_name', 255, { isNullable: true }),
          col.text('password_sealed', { isNullable: true }),
          col.int('timeout_ms'),
          col.int('requests_per_second'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'access_devices',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.string('group_id', 128),
          col.string('device_name', 255),
          col.string('device_type', 128),
          col.string('mac_address', 12, { isNullable: true }),
          col.string('status', 32),
          col.string('version', 128),
          col.string('net_address', 255),
          col.int('number_of_ports'),
          col.text('properties'),
          col.string('user_name', 255, { isNullable: true }),
          col.text('secrets_sealed', { isNullable: true }),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_access_devices_name',
            columnNames: ['tenant_id', 'group_id', 'device_name'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ux_access_devices_mac',
            columnNames: ['tenant_id', 'mac_address'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'access_device_ports',
        columns: [
          { ...col.int('device_id'), isPrimary: true },
          { ...col.int('port'), isPrimary: true },
          col.string('tenant_id', 64),
          col.string('user_id', 128),
          col.string('kind', 16),
        ],
        indices: [
          new TableIndex({ name: 'ix_access_device_ports_tenant', columnNames: ['tenant_id', 'device_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'local_provisioning_records',
        columns: [
          tenantKey,
          col.primaryString('server', 64),
          col.primaryString('mac', 12),
          col.string('provisioning_id', 64),
          col.text('document'),
          col.timestamp('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'local_provisioning_records',
      'access_device_ports',
      'access_devices',
      'provisioning_servers',
      'access_device_settings',
      'phone_types',
    ])
      await queryRunner.dropTable(table);
  }
}
