import type { ValidationOptions } from 'class-validator';

/**
 * A URL this service calls (a provisioning server, a webhook receiver), for `@IsUrl`: http or https,
 * with no credentials in it. `user:password@` would be shown back wherever the URL is (a GET of the
 * server or the endpoint); credentials have fields of their own, stored sealed. (`@IsUrl` itself stays
 * on the property, where the OpenAPI plugin reads it as `format: uri`.)
 */
export const OUTBOUND_URL = {
  protocols: ['http', 'https'],
  require_tld: false,
  require_protocol: true,
  disallow_auth: true,
};

export const OUTBOUND_URL_MESSAGE: ValidationOptions = {
  message: ({ property }) => `${property} must be an http or https URL, without credentials in it`,
};
