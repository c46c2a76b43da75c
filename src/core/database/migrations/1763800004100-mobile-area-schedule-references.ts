import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counts each controlled-area schedule link, made before links counted, on its area and its schedule. */
const COUNT_LINKS = [
  ['mobile_controlled_areas', 'controlled_area_id'],
  ['mobile_schedules', 'schedule_id'],
] as const;

/**
 * Controlled-area schedule links point at their area and schedule by the rows' reference counters, as
 * access groups do: the links made before this count on them now.
 */
export class MobileAreaScheduleReferences1763800004100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of COUNT_LINKS) await queryRunner.query(countLinks(table, column, '+'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of COUNT_LINKS) await queryRunner.query(countLinks(table, column, '-'));
  }
}

function countLinks(table: string, column: string, sign: '+' | '-'): string {
  return `UPDATE ${table} SET reference_count = reference_count ${sign} (
    SELECT COUNT(*) FROM mobile_controlled_area_schedules l
    WHERE l.tenant_id = ${table}.tenant_id AND l.${column} = ${table}.id)`;
}
