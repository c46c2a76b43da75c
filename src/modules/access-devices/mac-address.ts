import type { MacFormat } from './dto/phone-type.dto';

const FORMATS: Record<MacFormat, RegExp> = {
  HEX: /^[0-9A-Fa-f]{12}$/,
  COLON: /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/,
  ANY: /^([0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5})$/,
};

export const MAC_FORMAT_EXAMPLES: Record<MacFormat, string> = {
  HEX: '221100CCBBAA',
  COLON: '22:11:00:CC:BB:AA',
  ANY: '221100CCBBAA, 22:11:00:CC:BB:AA or 22-11-00-CC-BB-AA',
};

/** 12 upper-case hex digits, or null when `raw` is not written as `format` says. */
export function normalizeMac(raw: string, format: MacFormat): string | null {
  if (!FORMATS[format].test(raw) || (/[:]/.test(raw) && /-/.test(raw))) return null;
  return raw.replace(/[:-]/g, '').toUpperCase();
}
