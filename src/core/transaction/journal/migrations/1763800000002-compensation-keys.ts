import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col } from '../../../database/portable-columns';

/** The external key an undo acts on, so the undos of one key are found and settled in order. */
export class CompensationKeys1763800000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'compensations',
      new TableColumn(col.string('undo_key', 255, { isNullable: true })),
    );
    await queryRunner.createIndex(
      'compensations',
      new TableIndex({ name: 'ix_compensations_key', columnNames: ['undo_key', 'status'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('compensations', 'ix_compensations_key');
    await queryRunner.dropColumn('compensations', 'undo_key');
  }
}
