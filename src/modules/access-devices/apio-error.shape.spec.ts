import type { NormalizedError } from '../../core/http/error-shape';
import { AccessDevicesException } from './access-devices.exception';
import { apioErrorShape } from './apio-error.shape';
import { ApioErrorCode } from './apio-error-codes';

const error = (overrides: Partial<NormalizedError>): NormalizedError => ({
  status: 400,
  code: 'validation_failed',
  message: 'm',
  fields: [],
  headers: {},
  details: {},
  requestId: 'req-1',
  path: '/api/v1/phone_types/',
  ...overrides,
});

describe('APIO error shape', () => {
  it('claims the APIO paths only', () => {
    expect(apioErrorShape.matches('/api/v1/phone_types/')).toBe(true);
    expect(apioErrorShape.matches('/api/v1/phone_types/Generic%20SIP%20Phone/')).toBe(true);
    expect(apioErrorShape.matches('/api/v1/tenants/acme/groups/g/advanced_access_devices/d/ports/1/')).toBe(
      true,
    );
    expect(apioErrorShape.matches('/api/v1/tenants/acme/provisioning_servers/redirect/')).toBe(true);
    expect(apioErrorShape.matches('/api/v1/tenants/acme/users')).toBe(false);
    expect(apioErrorShape.matches('/api/v1/tenants/acme/groups/g')).toBe(false);
    expect(apioErrorShape.matches('/api/v1/phone_typesx')).toBe(false);
  });

  it("writes a module error's code, sub_code and details", () => {
    const thrown = new AccessDevicesException(400, ApioErrorCode.VENDOR_ERROR, 'vendor said no', {
      subCode: 4001,
      details: { system: 'vendor' },
    });
    const body = apioErrorShape.body(
      error({ code: thrown.code, message: thrown.message, details: thrown.details }),
    );
    expect(body).toEqual({
      errors: [{ code: 31, message: 'vendor said no', sub_code: 4001, details: { system: 'vendor' } }],
    });
  });

  it('numbers platform errors and turns invalid fields into details', () => {
    const fields = [{ field: 'numberOfPorts', message: 'numberOfPorts must be an integer number' }];
    expect(apioErrorShape.body(error({ fields }))).toEqual({
      errors: [
        {
          code: 1,
          message: 'm',
          sub_code: null,
          details: { numberOfPorts: 'numberOfPorts must be an integer number' },
        },
      ],
    });
    expect(apioErrorShape.body(error({ status: 403, code: 'forbidden' }))).toMatchObject({
      errors: [{ code: 3 }],
    });
    expect(apioErrorShape.body(error({ status: 500, code: 'internal_error' }))).toEqual({
      errors: [{ code: 99, message: 'm', sub_code: null, details: { request_id: 'req-1' } }],
    });
  });

  it('gives a database outage its own code, with the request id', () => {
    expect(apioErrorShape.body(error({ status: 503, code: 'service_unavailable' }))).toEqual({
      errors: [{ code: 98, message: 'm', sub_code: null, details: { request_id: 'req-1' } }],
    });
  });
});
