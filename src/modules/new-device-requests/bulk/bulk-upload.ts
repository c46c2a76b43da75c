import { PassThrough, type Readable } from 'node:stream';
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import type { FastifyRequest } from 'fastify';
import { CumulocityErrorCode, CumulocityException } from '../cumulocity.exception';
import { CsvLimitError } from './csv/csv-limits';

/** The multipart part Cumulocity's bulk endpoint reads. */
export const FILE_PART = 'file';

/** Fields a client may send beside the file (ignored), as Cumulocity's own form does. */
const LIMITS = { files: 1, fields: 10, parts: 11 };

/** The file stream's error when the body breaks off or turns malformed: the import stops on it. */
const notWhole = (reason: string) =>
  new CumulocityException(
    CumulocityErrorCode.INVALID_DATA,
    `The upload is not a whole multipart/form-data body: ${reason}`,
  );

const notAFilePart = () =>
  new CumulocityException(
    CumulocityErrorCode.INVALID_DATA,
    `Send the CSV file as multipart/form-data, in a part named '${FILE_PART}'`,
  );

/**
 * The uploaded file's stream, parsed by busboy as it arrives and never buffered: the import reads it
 * and counts its bytes (UPLOAD_LIMIT_BYTES, naming the line: the one size rule). Fields beside it are
 * ignored. A body that is not multipart, or whose first file part is not `file`, is refused; one that
 * breaks off or turns malformed fails the stream with a 422, and with it the import.
 */
export function uploadedFile(request: FastifyRequest): Promise<Readable> {
  let parser: BusboyInstance;
  try {
    parser = new Busboy({ headers: request.headers as BusboyHeaders, limits: LIMITS });
  } catch {
    return Promise.reject(notAFilePart()); // not multipart/form-data, or no boundary
  }
  return new Promise((resolve, reject) => {
    let file: Readable | undefined;
    const fail = (reason: string) => {
      const error = notWhole(reason);
      if (file) file.destroy(error);
      else reject(error);
    };
    parser.on('file', (name: string, stream: Readable) => {
      if (file) return void stream.resume();
      if (name !== FILE_PART) {
        stream.resume();
        return reject(notAFilePart());
      }
      // Busboy fails the part with its own errors; the import sees this stream's, in the API's shape.
      stream.on('error', (error: Error) => fail(error.message));
      file = stream.pipe(new PassThrough());
      // The body can fail before the import starts reading: it then meets the error as the stream's state.
      file.on('error', () => undefined);
      resolve(file);
    });
    parser.on('error', (error: Error) => fail(error.message));
    parser.on('finish', () => {
      if (!file) reject(notAFilePart());
    });
    request.raw.on('error', (error: Error) => fail(error.message));
    request.raw.on('close', () => {
      if (!request.raw.complete) fail('the connection closed before its end');
    });
    request.raw.pipe(parser);
  });
}

/** A cap hit while reading the file, in Cumulocity's error shape (413 for the upload, 422 for a line or a cell). */
export function cumulocityLimitError(error: unknown): unknown {
  if (!(error instanceof CsvLimitError)) return error;
  return new CumulocityException(CumulocityErrorCode.INVALID_DATA, error.message, error.status);
}
