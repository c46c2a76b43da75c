import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'fast-csv';
import { type CsvLimits, CsvLimitError } from './csv-limits';
import { RecordGuard } from './record-guard';
import { detectSeparator, type Separator } from './separator';

/** One parsed record and its line number (1 = the header; a quoted newline does not count). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvStream {
  separator: Separator;
  records: AsyncIterable<CsvRecord>;
}

/**
 * Streams an uploaded CSV file: the header line is read first (within the line cap) to detect the
 * separator, then every byte goes through the RecordGuard into fast-csv. Nothing holds more than one
 * chunk and one record; blank lines are skipped but counted.
 */
export async function readCsv(source: AsyncIterable<Buffer>, limits: CsvLimits): Promise<CsvStream> {
  const { separator, bytes } = await guardedBytes(source, limits);
  const parser = parse({ delimiter: separator, headers: false, ignoreEmpty: false });
  const flowing = pipeline(bytes, parser);
  flowing.catch(() => undefined); // the iteration below sees the same error
  return { separator, records: numbered(parser, flowing) };
}

/** The file's bytes behind the caps (a RecordGuard), and the separator its header line uses. */
export async function guardedBytes(
  source: AsyncIterable<Buffer>,
  limits: CsvLimits,
): Promise<{ separator: Separator; bytes: RecordGuard }> {
  const iterator = source[Symbol.asyncIterator]();
  const head = await readHeaderLine(iterator, limits);
  const separator = detectSeparator(head.toString('utf8').split('\n')[0]);
  const guard = new RecordGuard(limits, separator.charCodeAt(0));
  const piped = pipeline(Readable.from(prepend(head, iterator), { objectMode: false }), guard);
  piped.catch((error: Error) => guard.destroy(error));
  return { separator, bytes: guard };
}

/** Chunks until the first newline is in, failing when the header alone passes the line cap. */
async function readHeaderLine(iterator: AsyncIterator<Buffer>, limits: CsvLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    length += chunk.length;
    const newline = chunk.indexOf(0x0a);
    if (newline >= 0 && length - chunk.length + newline <= limits.maxLineBytes) break;
    if (length > limits.maxLineBytes) throw new CsvLimitError('MAX_LINE_BYTES', limits.maxLineBytes, 1);
  }
  return Buffer.concat(chunks, length);
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* numbered(parser: AsyncIterable<unknown>, flowing: Promise<void>): AsyncGenerator<CsvRecord> {
  let line = 0;
  for await (const cells of parser) {
    line += 1;
    const record = cells as string[];
    if (record.length === 0 || (record.length === 1 && record[0] === '')) continue;
    yield { line, cells: record };
  }
  await flowing;
}
