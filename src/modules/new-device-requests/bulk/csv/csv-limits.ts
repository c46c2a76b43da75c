/** Caps checked on the raw bytes before fast-csv sees them, so no input can make the parser buffer without bound. */
export interface CsvLimits {
  /** The whole upload (UPLOAD_LIMIT_BYTES): 413. */
  maxBytes: number;
  /** One record, quoted newlines included: an unterminated quote stops here. */
  maxLineBytes: number;
  /** One cell. */
  maxFieldBytes: number;
}

/** A device row is a few hundred bytes; these leave room for long ids (1000 characters) and paths. */
export const DEFAULT_LINE_LIMITS = { maxLineBytes: 16_384, maxFieldBytes: 4_096 } as const;

export type CsvLimitName = 'UPLOAD_LIMIT_BYTES' | 'MAX_LINE_BYTES' | 'MAX_FIELD_BYTES';

/** A cap was hit: which one, its value and the line (1 = the header) where it was. */
export class CsvLimitError extends Error {
  constructor(
    readonly limit: CsvLimitName,
    readonly value: number,
    readonly line: number,
  ) {
    super(`${limit} (${value} bytes) exceeded at line ${line}`);
  }

  /** The upload as a whole is too large (413); a line or a cell is malformed input (422). */
  get status(): 413 | 422 {
    return this.limit === 'UPLOAD_LIMIT_BYTES' ? 413 : 422;
  }
}
