import { AppException } from '../../core/http/app.exception';
import { ApioErrorCode } from './apio-error-codes';

export interface ApioErrorExtras {
  subCode?: number | null;
  details?: Record<string, unknown>;
}

/** APIO errors: `{errors:[{code, message, sub_code, details}]}` on the wire (see apio-error.shape). */
export class AccessDevicesException extends AppException {
  constructor(status: number, code: ApioErrorCode, message: string, extras: ApioErrorExtras = {}) {
    super(
      status,
      String(code),
      message,
      [],
      {},
      { sub_code: extras.subCode ?? null, details: extras.details },
    );
  }

  static invalid(code: ApioErrorCode, message: string, details?: Record<string, unknown>) {
    return new AccessDevicesException(400, code, message, { details });
  }

  static notFound(what: string): AccessDevicesException {
    return new AccessDevicesException(404, ApioErrorCode.NOT_FOUND, `${what} not found`);
  }

  static conflict(message: string): AccessDevicesException {
    return new AccessDevicesException(400, ApioErrorCode.CONFLICT, message);
  }
}
