import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/**
 * Idempotency-Key records (core/idempotency): one row per caller and key. `answer` is JSON, stored as
 * LONGTEXT by MariaDB and native JSON by MySQL, so a large answer (a bulk import report) fits.
 */
export class IdempotencyKeys1763800003000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          col.primaryString('id', 64),
          col.string('tenant_id', 64),
          col.string('principal_id', 36),
          col.string('idempotency_key', 255),
          col.string('fingerprint', 64),
          col.string('state', 16),
          col.string('request_id', 128),
          col.string('token', 36),
          col.timestamp('lease_until'),
          col.timestamp('expires_at'),
          { name: 'answer', type: 'json', isNullable: true },
          col.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_idempotency_keys_expires_at', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
  }
}
