import { AppException } from '../../core/http/app.exception';

export enum AdmissionErrorCode {
  BAD_REQUEST = 'bad_request',
  NOT_FOUND = 'not_found',
}

/** Mender errors: the wire carries only `{error, request_id}`; the code is for logs and tests. */
export class AdmissionException extends AppException {
  constructor(status: 400 | 404, message: string) {
    super(status, status === 404 ? AdmissionErrorCode.NOT_FOUND : AdmissionErrorCode.BAD_REQUEST, message);
  }

  static notFound(): AdmissionException {
    return new AdmissionException(404, 'device not found');
  }
}
