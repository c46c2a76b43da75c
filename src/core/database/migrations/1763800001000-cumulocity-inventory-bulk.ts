import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Cumulocity: the inventory the bulk import writes (managed objects, external ids, groups) and its jobs. */
export class CumulocityInventoryBulk1763800001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'managed_objects',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('id', 32),
          col.string('kind', 8),
          col.string('name', 255, { isNullable: true }),
          col.string('type', 255, { isNullable: true }),
          col.string('owner', 300, { isNullable: true }),
          col.text('fragments'),
          col.string('group_key', 64, { isNullable: true }),
          col.timestamp('creation_time'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_managed_objects_tenant_type_id',
            columnNames: ['tenant_id', 'type', 'id'],
          }),
          new TableIndex({ name: 'ix_managed_objects_tenant_owner', columnNames: ['tenant_id', 'owner'] }),
          new TableIndex({
            name: 'ux_managed_objects_tenant_group_key',
            columnNames: ['tenant_id', 'group_key'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'managed_object_fragments',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('fragment_type', 128),
          col.primaryString('managed_object_id', 32),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'external_ids',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('type', 128),
          col.primaryString('external_id', 255),
          col.string('managed_object_id', 32),
        ],
        indices: [
          new TableIndex({
            name: 'ix_external_ids_tenant_object',
            columnNames: ['tenant_id', 'managed_object_id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'child_assets',
        columns: [
          col.primaryString('tenant_id', 64),
          col.primaryString('parent_id', 32),
          col.primaryString('child_id', 32),
        ],
        indices: [
          new TableIndex({ name: 'ix_child_assets_tenant_child', columnNames: ['tenant_id', 'child_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bulk_import_jobs',
        columns: [
          col.primaryString('id', 36),
          col.string('tenant_id', 64),
          col.string('state', 16),
          col.boolean('all_or_nothing'),
          col.boolean('dry_run'),
          col.int('rows_total'),
          col.int('rows_done'),
          col.int('created'),
          col.int('credentials_updated'),
          col.int('failed'),
          col.text('failure', { isNullable: true }),
          col.timestamp('created_at'),
          col.timestamp('heartbeat_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_bulk_import_jobs_state_heartbeat',
            columnNames: ['state', 'heartbeat_at'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'bulk_import_job_rows',
        columns: [
          col.primaryString('job_id', 36),
          { ...col.int('line'), isPrimary: true },
          col.string('device_id', 255, { isNullable: true }),
          col.string('status', 24),
          col.text('failure_reason', { isNullable: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'bulk_import_job_rows',
      'bulk_import_jobs',
      'child_assets',
      'external_ids',
      'managed_object_fragments',
      'managed_objects',
    ])
      await queryRunner.dropTable(table);
  }
}
