import type { NormalizedError } from '../../core/http/error-shape';
import { menderErrorShape } from './mender-error.shape';

const error = (status: number, message: string): NormalizedError => ({
  status,
  code: 'x',
  message,
  fields: [],
  headers: {},
  details: {},
  requestId: 'req-9',
  path: '/api/management/v1/admission/devices',
});

describe('Mender error shape', () => {
  it('claims the admission API and nothing else', () => {
    expect(menderErrorShape.matches('/api/management/v1/admission/devices/abc/status')).toBe(true);
    expect(menderErrorShape.matches('/api/management/v1/admission')).toBe(true);
    expect(menderErrorShape.matches('/api/management/v1/admissionx')).toBe(false);
    expect(menderErrorShape.matches('/api/v1/tenants')).toBe(false);
  });

  it('writes only {error, request_id}, with the id in X-MEN-RequestID too', () => {
    expect(menderErrorShape.body(error(500, 'internal error'))).toEqual({
      error: 'internal error',
      request_id: 'req-9',
    });
    expect(menderErrorShape.requestIdHeader).toBe('x-men-requestid');
  });
});
