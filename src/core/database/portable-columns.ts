import type { TableColumnOptions } from 'typeorm';

type Extra = Partial<TableColumnOptions>;

/**
 * Column builders for migrations written once for SQLite and MySQL/MariaDB. Each mirrors one
 * entity column type, so the drift check (`npm run migrations:check`) sees no false difference.
 */
export const col = {
  primaryString: (name: string, length: number): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isPrimary: true,
  }),
  increment: (name: string): TableColumnOptions => ({
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  string: (name: string, length: number, extra: Extra = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    ...extra,
  }),
  text: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'text', ...extra }),
  int: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'integer', ...extra }),
  boolean: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'boolean', ...extra }),
  timestamp: (name: string, extra: Extra = {}): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    ...extra,
  }),
};
