import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../../../database/portable-columns';

export class CompensationJournal1763800000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'compensations',
        columns: [
          col.increment('id'),
          col.string('scope_id', 36),
          col.string('tenant_id', 64, { isNullable: true }),
          col.string('request_id', 128),
          col.string('kind', 120),
          col.text('payload'),
          col.string('status', 16),
          col.int('attempts'),
          col.string('last_error', 1000, { isNullable: true }),
          col.timestamp('next_attempt_at'),
          col.timestamp('locked_until', { isNullable: true }),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_compensations_scope', columnNames: ['scope_id'] }),
          new TableIndex({ name: 'ix_compensations_status_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('compensations');
  }
}
