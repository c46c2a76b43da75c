import type { NormalizedError } from '../../core/http/error-shape';
import { primisErrorShape } from './primis-error.shape';
import { PRIMIS_MESSAGES, PrimisException } from './primis.exception';

describe('Primis error shape', () => {
  it('claims the three Primis roots and nothing else', () => {
    for (const path of [
      '/api/mobile',
      '/api/mobile/login',
      '/api/controlled_area_schedules/schedule',
      '/api/access_groups/3/controlled_areas_detail',
    ])
      expect(primisErrorShape.matches(path)).toBe(true);
    for (const path of ['/api/mobilex', '/api/v1/tenants/t/access-control/sites/1', '/api/access_groupsx'])
      expect(primisErrorShape.matches(path)).toBe(false);
  });

  it('writes {status, message} with the spec message', () => {
    const exception = PrimisException.licenceExceeded();
    const error: NormalizedError = {
      status: exception.status,
      code: exception.code,
      message: exception.message,
      fields: [],
      headers: {},
      details: {},
      requestId: 'req-1',
      path: '/api/mobile/login',
    };
    expect(primisErrorShape.body(error)).toEqual({ status: 400, message: PRIMIS_MESSAGES.licenceExceeded });
  });
});
