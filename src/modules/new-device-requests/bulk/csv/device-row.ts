import type { Column, CsvHeader } from './csv-header';

export const DEFAULT_ID_TYPE = 'c8y_Serial';

/** Column sizes of the inventory tables (inventory/entities). */
export const MAX_ID_LENGTH = 255;
export const MAX_ID_TYPE_LENGTH = 128;
export const MAX_NAME_LENGTH = 255;

/** A valid row: one device to create or whose credentials to update. */
export interface DeviceRow {
  line: number;
  deviceId: string;
  password: string;
  /** Only from the management tenant's files; otherwise the caller's tenant. */
  tenant?: string;
  type?: string;
  name?: string;
  iccid?: string;
  idType: string;
  /** Group names from the root down; empty when the device joins no group. */
  path: string[];
  shell: boolean;
}

/** A row that fails, as the report shows it. */
export interface RowFailure {
  line: number;
  deviceId?: string;
  reason: string;
  /** The row as the file had it, CREDENTIALS masked. */
  text: string;
}

export type RowResult = { row: DeviceRow } | { failure: RowFailure };

const MASK = '***';

/** Applies the spec's per-row rules to one record of the file. */
export function readDeviceRow(
  cells: readonly string[],
  line: number,
  header: CsvHeader,
  separator: string,
  management: boolean,
): RowResult {
  const cell = (column: Column) => {
    const position = header.index[column];
    return position === undefined ? '' : (cells[position] ?? '').trim();
  };
  const deviceId = cell('ID') || undefined;
  const fail = (reason: string): RowResult => ({
    failure: { line, deviceId, reason, text: maskedLine(cells, header, separator) },
  });
  if (cells.length !== header.width)
    return fail(`The row has ${cells.length} values where the header has ${header.width}`);
  if (!deviceId) return fail('ID is empty');
  if (deviceId.length > MAX_ID_LENGTH) return fail(`ID is longer than ${MAX_ID_LENGTH} characters`);
  const password = header.index.CREDENTIALS === undefined ? '' : (cells[header.index.CREDENTIALS] ?? '');
  if (!password) return fail('CREDENTIALS is empty');
  const tenant = management ? cell('TENANT') : undefined;
  if (management && !tenant) return fail('TENANT is empty (required in the management tenant)');
  const type = cell('TYPE') || undefined;
  const name = cell('NAME') || undefined;
  const iccid = cell('ICCID') || undefined;
  const idType = cell('IDTYPE') || DEFAULT_ID_TYPE;
  const rawPath = cell('PATH');
  const shell = cell('SHELL') === '1';
  const describes = [iccid && 'ICCID', cell('IDTYPE') && 'IDTYPE', rawPath && 'PATH', shell && 'SHELL'];
  const described = describes.filter(Boolean);
  if (described.length > 0 && !(type && name))
    return fail(`${described.join(', ')} need TYPE and NAME in the same row`);
  if (idType.length > MAX_ID_TYPE_LENGTH)
    return fail(`IDTYPE is longer than ${MAX_ID_TYPE_LENGTH} characters`);
  const path = rawPath ? rawPath.split('/').map((group) => group.trim()) : [];
  if (path.some((group) => group === '')) return fail('PATH has an empty group name');
  const tooLong = [type, name, ...path].some((text) => text !== undefined && text.length > MAX_NAME_LENGTH);
  if (tooLong) return fail(`TYPE, NAME and each PATH group are at most ${MAX_NAME_LENGTH} characters`);
  return { row: { line, deviceId, password, tenant, type, name, iccid, idType, path, shell } };
}

/** The row as the file had it, its CREDENTIALS cell masked (reports never carry a password). */
export function maskedLine(cells: readonly string[], header: CsvHeader, separator: string): string {
  return cells
    .map((value, position) => (position === header.index.CREDENTIALS ? MASK : value))
    .join(separator);
}
