import type { NormalizedError } from '../../core/http/error-shape';
import { CUMULOCITY_ERROR_INFO, cumulocityErrorShape } from './cumulocity-error.shape';
import { CumulocityErrorCode, CumulocityException } from './cumulocity.exception';

const error = (
  status: number,
  code: string,
  path = '/devicecontrol/newDeviceRequests/1',
): NormalizedError => ({
  status,
  code,
  message: 'm',
  fields: [],
  headers: {},
  details: {},
  requestId: 'req-1',
  path,
});

describe('Cumulocity error shape', () => {
  it('claims /devicecontrol, /identity and /inventory and nothing else', () => {
    for (const path of [
      '/devicecontrol',
      '/devicecontrol/x',
      '/identity/externalIds/a/b',
      '/inventory/managedObjects',
    ])
      expect(cumulocityErrorShape.matches(path)).toBe(true);
    for (const path of ['/devicecontrolx', '/api/v1/tenants', '/inventoryx/a'])
      expect(cumulocityErrorShape.matches(path)).toBe(false);
  });

  it('writes <area>/<Reason> from the path and the module code', () => {
    expect(cumulocityErrorShape.body(error(404, CumulocityErrorCode.NOT_FOUND))).toEqual({
      error: 'devicecontrol/Not Found',
      message: 'm',
      info: CUMULOCITY_ERROR_INFO,
    });
    expect(cumulocityErrorShape.body(error(404, 'not_found', '/inventory/managedObjects/9'))).toMatchObject({
      error: 'inventory/Not Found',
    });
  });

  it('uses only the reasons of Cumulocity’s error table, with its statuses', () => {
    const emitted = Object.values(CumulocityErrorCode).map((code) => {
      const exception = new CumulocityException(code, 'm');
      const body = cumulocityErrorShape.body(error(exception.status, code)) as { error: string };
      return [exception.status, body.error];
    });
    expect(emitted).toEqual([
      [404, 'devicecontrol/Not Found'],
      [409, 'devicecontrol/Duplicate'],
      [422, 'devicecontrol/Invalid Data'],
      [422, 'devicecontrol/Unprocessable Entity'],
    ]);
  });

  it('names platform errors by their status: security for 401/403, general for 5xx', () => {
    expect(cumulocityErrorShape.body(error(401, 'unauthorized'))).toMatchObject({
      error: 'security/Unauthorized',
    });
    expect(cumulocityErrorShape.body(error(403, 'forbidden'))).toMatchObject({ error: 'security/Forbidden' });
    expect(cumulocityErrorShape.body(error(400, 'validation_failed'))).toMatchObject({
      error: 'devicecontrol/Bad Request',
    });
    expect(cumulocityErrorShape.body(error(500, 'internal_error'))).toMatchObject({
      error: 'general/Internal Server Error',
    });
  });
});
