import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from '../portable-columns';

/**
 * Where a background bulk import was started (scheme and host): the "bulk import finished" event of
 * a job failed for a lost instance links there, although no request of that client is at hand.
 * Jobs from before carry none; their links are then paths.
 */
export class BulkImportJobOrigin1763800004000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'bulk_import_jobs',
      new TableColumn(col.string('origin', 255, { isNullable: true })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('bulk_import_jobs', 'origin');
  }
}
