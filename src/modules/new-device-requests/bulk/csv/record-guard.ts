import { Transform, type TransformCallback } from 'node:stream';
import { type CsvLimits, CsvLimitError } from './csv-limits';

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * The most bytes handed to the parser at once. fast-csv turns a whole chunk into records before it
 * hands out the first; a 64 KiB network read is ~1,400 device lines, which then wait for several
 * batches and survive into V8's old space (measured: that garbage, not data held, grew a 1,000,000-line
 * import by +130-180 MiB before a major GC). 4 KiB is ~90 lines, gone before the next minor GC.
 */
export const PARSER_SLICE_BYTES = 4096;

/**
 * Counts bytes ahead of the parser and fails the stream as soon as the upload, a record or a cell
 * passes its cap. It follows quoting the way a CSV parser does (a quote toggles; `""` toggles twice),
 * so a newline inside quotes does not end a record and an unterminated quote runs into the line cap
 * instead of growing the parser's buffer. Bytes pass through unchanged, in slices of at most
 * PARSER_SLICE_BYTES.
 */
export class RecordGuard extends Transform {
  private total = 0;
  private line = 1;
  private lineBytes = 0;
  private fieldBytes = 0;
  private quoted = false;

  /** Records seen so far, the header included (a last line without a newline counts once it has bytes). */
  get records(): number {
    return this.lineBytes > 0 ? this.line : this.line - 1;
  }

  constructor(
    private readonly limits: CsvLimits,
    private readonly separator: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.limits.maxBytes) {
      done(new CsvLimitError('UPLOAD_LIMIT_BYTES', this.limits.maxBytes, this.line));
      return;
    }
    const failure = this.scan(chunk);
    if (failure) {
      done(failure);
      return;
    }
    for (let start = 0; start < chunk.length; start += PARSER_SLICE_BYTES)
      this.push(chunk.subarray(start, start + PARSER_SLICE_BYTES));
    done();
  }

  private scan(chunk: Buffer): CsvLimitError | undefined {
    const { maxLineBytes, maxFieldBytes } = this.limits;
    for (const byte of chunk) {
      if (byte === QUOTE) this.quoted = !this.quoted;
      else if (!this.quoted && byte === LF) {
        this.line += 1;
        this.lineBytes = 0;
        this.fieldBytes = 0;
        continue;
      } else if (!this.quoted && byte === this.separator) {
        this.fieldBytes = 0;
        this.lineBytes += 1;
        continue;
      }
      this.lineBytes += 1;
      this.fieldBytes += 1;
      if (this.lineBytes > maxLineBytes) return new CsvLimitError('MAX_LINE_BYTES', maxLineBytes, this.line);
      if (this.fieldBytes > maxFieldBytes)
        return new CsvLimitError('MAX_FIELD_BYTES', maxFieldBytes, this.line);
    }
    return undefined;
  }
}
