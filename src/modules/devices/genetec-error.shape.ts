import { type ErrorShape, problemJsonShape } from '../../core/http/error-shape';

/** Genetec Clearance paths: devices and credentials here, configuration negotiation in its own module. */
const GENETEC_PATHS = /^\/api\/v1(-private)?\/tenant\/[^/]+(\/|$)/;

/**
 * Genetec's ASP.NET services answer RFC 9457 problem details, as the platform does, and ignore body
 * properties they do not know.
 */
export const genetecErrorShape: ErrorShape = {
  ...problemJsonShape,
  matches: (path) => GENETEC_PATHS.test(path),
  ignoresUnknownProperties: true,
};
