import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { CumulocityErrorCode, CumulocityException } from '../cumulocity.exception';
import { CsvLimitError } from './csv/csv-limits';

/** The multipart part Cumulocity's bulk endpoint reads. */
export const FILE_PART = 'file';

/** The uploaded file's stream, never buffered: the import reads it as it arrives. */
export async function uploadedFile(request: FastifyRequest): Promise<MultipartFile> {
  const part = request.isMultipart() ? await request.file() : undefined;
  if (!part || part.fieldname !== FILE_PART)
    throw new CumulocityException(
      CumulocityErrorCode.INVALID_DATA,
      `Send the CSV file as multipart/form-data, in a part named '${FILE_PART}'`,
    );
  return part;
}

/** A cap hit while reading the file, in Cumulocity's error shape (413 for the upload, 422 for a line or a cell). */
export function cumulocityLimitError(error: unknown): unknown {
  if (!(error instanceof CsvLimitError)) return error;
  return new CumulocityException(CumulocityErrorCode.INVALID_DATA, error.message, error.status);
}
