import { IsUrl } from 'class-validator';

/**
 * A URL this service calls (a provisioning server, a webhook receiver): http or https, with no
 * credentials in it. `user:password@` would be shown back wherever the URL is (a GET of the server or
 * the endpoint); credentials have fields of their own, stored sealed.
 */
export const IsOutboundUrl = (): PropertyDecorator =>
  IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true, disallow_auth: true },
    { message: ({ property }) => `${property} must be an http or https URL, without credentials in it` },
  );
