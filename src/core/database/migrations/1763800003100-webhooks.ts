import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Webhook endpoints of tenants, and the outbox of their deliveries. */
export class Webhooks1763800003100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          col.primaryString('id', 36),
          col.string('tenant_id', 64),
          col.string('url', 2048),
          col.text('event_types'),
          col.boolean('active'),
          col.string('description', 500, { isNullable: true }),
          col.string('secret_sealed', 255),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_webhook_endpoints_tenant_active',
            columnNames: ['tenant_id', 'active'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          col.increment('id'),
          col.string('tenant_id', 64),
          col.string('endpoint_id', 36),
          col.string('event_id', 40),
          col.string('event_type', 64),
          col.string('resource_key', 255),
          col.text('payload'),
          col.string('status', 16),
          col.int('attempts'),
          col.string('last_error', 1000, { isNullable: true }),
          col.timestamp('next_attempt_at'),
          col.timestamp('locked_until', { isNullable: true }),
          col.string('claim_id', 36, { isNullable: true }),
          col.timestamp('created_at'),
          col.timestamp('delivered_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({
            name: 'ix_webhook_deliveries_resource',
            columnNames: ['endpoint_id', 'resource_key', 'status', 'id'],
          }),
          new TableIndex({
            name: 'ix_webhook_deliveries_endpoint',
            columnNames: ['tenant_id', 'endpoint_id', 'id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhook_endpoints');
  }
}
