import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';
import { ruleProblem } from './device-name-rules';
import type { AccessDeviceSettings } from './dto/access-device-settings.dto';
import { AccessDeviceSettingsEntity } from './entities/access-device-settings.entity';

/** Every setting filled in: APIO's defaults (no name rule, 40 characters, the example password rules, prefix 8). */
export type EffectiveSettings = Required<Omit<AccessDeviceSettings, 'AUTOMATIC_ID_RULES'>> & {
  AUTOMATIC_ID_RULES: { GROUP_DEVICE_NAME_RULE: string | null; GENERIC_DEVICE_NAME_RULE: string | null };
};

export const DEFAULT_SETTINGS: EffectiveSettings = {
  AUTOMATIC_ID_RULES: { GROUP_DEVICE_NAME_RULE: null, GENERIC_DEVICE_NAME_RULE: null },
  DEVICE_NAME_MAX_LENGTH: 40,
  NEW_PASSWORD_RESET_GEN: true,
  MINIMUM_PASSWORD_RULES: {
    DEVICE: {
      PASSWORD_MIN_SPECIAL_CHARACTERS: 0,
      PASSWORD_MIN_UPPERCASE_LETTERS: 1,
      PASSWORD_MIN_LOWERCASE_LETTERS: 1,
      PASSWORD_MIN_DIGITS: 1,
      PASSWORD_MIN_LENGTH: 8,
    },
  },
  DEVICE_CREDENTIAL_PREFIX_LEN: 8,
};

/** A tenant's name generation and hidden credential settings. */
@Injectable()
export class AccessDeviceSettingsService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async get(tenantId: string): Promise<EffectiveSettings> {
    const row = await this.txHost.tx.findOneBy(AccessDeviceSettingsEntity, { tenantId });
    return withDefaults(row ? (JSON.parse(row.settings) as AccessDeviceSettings) : {});
  }

  /** Replaces the tenant's settings; omitted ones go back to their defaults. */
  async replace(tenantId: string, settings: AccessDeviceSettings): Promise<EffectiveSettings> {
    for (const [name, rule] of Object.entries(settings.AUTOMATIC_ID_RULES ?? {})) {
      const problem = typeof rule === 'string' ? ruleProblem(rule) : null;
      if (problem)
        throw AccessDevicesException.invalid(ApioErrorCode.INVALID_INPUT, `${name}: ${problem}`, {
          [name]: problem,
        });
    }
    const effective = withDefaults(settings);
    await this.txHost.tx.save(AccessDeviceSettingsEntity, { tenantId, settings: JSON.stringify(effective) });
    return effective;
  }
}

function withDefaults(settings: AccessDeviceSettings): EffectiveSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...settings,
    AUTOMATIC_ID_RULES: { ...DEFAULT_SETTINGS.AUTOMATIC_ID_RULES, ...settings.AUTOMATIC_ID_RULES },
    MINIMUM_PASSWORD_RULES: settings.MINIMUM_PASSWORD_RULES ?? DEFAULT_SETTINGS.MINIMUM_PASSWORD_RULES,
  };
}
