import { AppException } from '../../core/http/app.exception';

export enum AdmissionErrorCode {
  BAD_REQUEST = 'bad_request',
  NOT_FOUND = 'not_found',
  ACCEPTED_LIMIT_REACHED = 'accepted_limit_reached',
}

const CODES = {
  400: AdmissionErrorCode.BAD_REQUEST,
  404: AdmissionErrorCode.NOT_FOUND,
  422: AdmissionErrorCode.ACCEPTED_LIMIT_REACHED,
};

/** Mender errors: the wire carries only `{error, request_id}`; the code is for logs and tests. */
export class AdmissionException extends AppException {
  constructor(status: keyof typeof CODES, message: string) {
    super(status, CODES[status], message);
  }

  static notFound(): AdmissionException {
    return new AdmissionException(404, 'device not found');
  }
}
