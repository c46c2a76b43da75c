/** The columns of Cumulocity's bulk file; any other column is ignored. */
export const COLUMNS = [
  'ID',
  'CREDENTIALS',
  'TENANT',
  'TYPE',
  'NAME',
  'ICCID',
  'IDTYPE',
  'PATH',
  'SHELL',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Columns that describe the device representation: each needs TYPE and NAME in the file. */
const NEEDS_TYPE_AND_NAME: readonly Column[] = ['ICCID', 'IDTYPE', 'PATH', 'SHELL'];

/** Where each known column sits in a row, and how many cells a row must have. */
export interface CsvHeader {
  index: Partial<Record<Column, number>>;
  width: number;
}

export type HeaderResult = { header: CsvHeader } | { error: string };

/**
 * Reads the header (names in any case, surrounding blanks ignored) and applies the file-level rules
 * of the spec: ID and CREDENTIALS always; TENANT too for the management tenant; TYPE and NAME whenever
 * ICCID, IDTYPE, PATH or SHELL is present.
 */
export function readHeader(cells: readonly string[], management: boolean): HeaderResult {
  const index: Partial<Record<Column, number>> = {};
  for (const [position, cell] of cells.entries()) {
    const name = cell.trim().toUpperCase() as Column;
    if (!COLUMNS.includes(name)) continue;
    if (index[name] !== undefined) return { error: `Column ${name} appears twice in the header` };
    index[name] = position;
  }
  const required: Column[] = ['ID', 'CREDENTIALS', ...(management ? (['TENANT'] as const) : [])];
  const missing = required.filter((column) => index[column] === undefined);
  if (missing.length > 0) return { error: `The header lacks the required column(s) ${missing.join(', ')}` };
  const described = NEEDS_TYPE_AND_NAME.filter((column) => index[column] !== undefined);
  const unnamed = (['TYPE', 'NAME'] as const).filter((column) => index[column] === undefined);
  if (described.length > 0 && unnamed.length > 0)
    return { error: `Columns ${described.join(', ')} need the columns TYPE and NAME in the file` };
  return { header: { index, width: cells.length } };
}
