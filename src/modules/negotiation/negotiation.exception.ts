import { AppException } from '../../core/http/app.exception';

/** Error codes of Genetec Clearance configuration negotiation (problem+json, like the devices API). */
export enum NegotiationErrorCode {
  DOCUMENT_TOO_LARGE = 'document_too_large',
  TRANSACTION_NOT_FOUND = 'transaction_not_found',
  TRANSACTION_CLOSED = 'transaction_closed',
  TRANSACTION_EXPIRED = 'transaction_expired',
}

export class NegotiationException extends AppException {
  constructor(status: number, code: NegotiationErrorCode, message: string) {
    super(status, code, message);
  }
}
