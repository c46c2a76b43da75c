/** The separators Cumulocity accepts, in the order it prefers them when a header is ambiguous. */
export const SEPARATORS = ['\t', ';', ','] as const;
export type Separator = (typeof SEPARATORS)[number];

const splitsOutId = (header: string, separator: Separator) =>
  header.includes(separator) &&
  header.split(separator).some((cell) => cell.replace(/"/g, '').trim().toUpperCase() === 'ID');

/**
 * The header line decides: the separator that splits it into a column named ID (any case), else the
 * one it holds most often, else comma (a one-column file). Quoted text is not counted.
 */
export function detectSeparator(headerLine: string): Separator {
  const header = headerLine.replace(/"[^"]*"/g, '""');
  const namingId = SEPARATORS.find((separator) => splitsOutId(header, separator));
  if (namingId) return namingId;
  const counts = SEPARATORS.map((separator) => header.split(separator).length - 1);
  const most = Math.max(...counts);
  return most > 0 ? SEPARATORS[counts.indexOf(most)] : ',';
}
