/** Leading characters that make Excel, LibreOffice and Sheets read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell of a report a person may open in a spreadsheet: a value that could start a formula is
 * prefixed with a single quote (shown as text, not run), and every cell is quoted with inner quotes
 * doubled, so a separator or newline in a device id cannot shift the columns.
 */
export function formulaSafeCell(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  const inert = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${inert.replace(/"/g, '""')}"`;
}

export const formulaSafeRow = (cells: (string | number | undefined | null)[]): string =>
  `${cells.map(formulaSafeCell).join(',')}\r\n`;
