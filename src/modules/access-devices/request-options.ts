import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';
import { objectBody } from './body-validation';

type OptionType = 'boolean' | 'string';

/**
 * APIO's call options (`include_available_ports`, `delete_primary_users`, ...) arrive as a JSON body,
 * even on GET and DELETE; they are accepted as query parameters too. Given both ways, the body wins.
 */
export function readOptions<K extends string>(
  query: Record<string, unknown>,
  body: unknown,
  spec: Record<K, OptionType>,
): Partial<Record<K, boolean | string>> {
  const fromBody = body === undefined ? {} : objectBody(body);
  const options: Partial<Record<K, boolean | string>> = {};
  // Only the options in `spec` are read: others are ignored, as on every APIO body.
  for (const [key, type] of Object.entries(spec) as [K, OptionType][]) {
    const value = key in fromBody ? fromBody[key] : fromQuery(query[key], type);
    if (value === undefined) continue;
    if (typeof value !== type) throw invalid(key, `must be a ${type}`);
    if (type === 'string' && ((value as string).length === 0 || (value as string).length > 255))
      throw invalid(key, 'must have 1 to 255 characters');
    options[key] = value as boolean | string;
  }
  return options;
}

function fromQuery(raw: unknown, type: OptionType): unknown {
  if (raw === undefined || type === 'string') return raw;
  return raw === 'true' ? true : raw === 'false' ? false : raw;
}

const invalid = (key: string, problem: string) =>
  AccessDevicesException.invalid(ApioErrorCode.INVALID_INPUT, `${key} ${problem}`, { [key]: problem });
