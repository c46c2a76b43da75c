import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../portable-columns';

/** Work on one external key is ordered by a write on its row (see core/transaction/key-locks). */
export class ExternalKeyLocks1763800000600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'external_key_locks',
        columns: [col.primaryString('key_id', 255), col.timestamp('locked_at')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('external_key_locks');
  }
}
