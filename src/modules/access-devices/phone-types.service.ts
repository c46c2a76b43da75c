import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import type { Principal } from '../../core/auth/principal';
import { PlatformException } from '../../core/http/app.exception';
import { MANAGEMENT_TENANT } from '../../core/tenancy/tenants.service';
import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';
import { RESERVED_NAMES } from './dto/access-device.dto';
import type { PhoneType, PhoneTypeParameter, PhoneTypeResponse } from './dto/phone-type.dto';
import { AccessDeviceEntity } from './entities/access-device.entity';
import { PhoneTypeEntity } from './entities/phone-type.entity';

/**
 * Phone types: the tenant's own, over the system-wide catalogue (those of the management tenant,
 * written by system admins). A tenant's type of the same name replaces the system one for it.
 */
@Injectable()
export class PhoneTypesService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async list(tenantId: string): Promise<PhoneTypeResponse[]> {
    const rows = await this.txHost.tx.find(PhoneTypeEntity, {
      where: { tenantId: In(visibleTenants(tenantId)) },
      order: { name: 'ASC' },
    });
    const byName = new Map<string, PhoneTypeEntity>();
    for (const row of rows) if (!byName.has(row.name) || row.tenantId === tenantId) byName.set(row.name, row);
    return [...byName.values()].map((row) => toResponse(row, tenantId));
  }

  /** The phone type a device of this tenant is checked against; a clear 400 when there is none. */
  async resolve(tenantId: string, name: string): Promise<PhoneType> {
    const found = await this.find(tenantId, name);
    if (!found)
      throw AccessDevicesException.invalid(
        ApioErrorCode.UNKNOWN_PHONE_TYPE,
        `deviceType "${name}" is not a configured phone type`,
        { deviceType: 'not a configured phone type' },
      );
    return found;
  }

  async get(tenantId: string, name: string): Promise<PhoneTypeResponse> {
    const found = await this.find(tenantId, name);
    if (!found) throw AccessDevicesException.notFound(`phone type ${name}`);
    return found;
  }

  async create(caller: Principal, phoneType: PhoneType): Promise<PhoneTypeResponse> {
    const tenantId = writableCatalogue(caller);
    checkParameters(phoneType.parameters ?? []);
    if (await this.txHost.tx.existsBy(PhoneTypeEntity, { tenantId, name: phoneType.name }))
      throw AccessDevicesException.conflict(`phone type ${phoneType.name} already exists`);
    return this.save(tenantId, phoneType);
  }

  /** Replaces the tenant's own type of that name (creating it, which overrides a system one). */
  async replace(caller: Principal, name: string, phoneType: PhoneType): Promise<PhoneTypeResponse> {
    const tenantId = writableCatalogue(caller);
    if (phoneType.name !== name)
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        'name: the body must name the same phone type as the path',
        {
          name: 'differs from the path',
        },
      );
    checkParameters(phoneType.parameters ?? []);
    return this.save(tenantId, phoneType);
  }

  /** Refused while devices still use the name (for a system type: devices of any tenant). */
  async delete(caller: Principal, name: string): Promise<void> {
    const tenantId = writableCatalogue(caller);
    if (!(await this.txHost.tx.existsBy(PhoneTypeEntity, { tenantId, name })))
      throw AccessDevicesException.notFound(`phone type ${name}`);
    const users = tenantId === MANAGEMENT_TENANT ? { deviceType: name } : { tenantId, deviceType: name };
    const used = await this.txHost.tx.countBy(AccessDeviceEntity, users);
    if (used > 0)
      throw AccessDevicesException.conflict(`phone type ${name} is used by ${used} access device(s)`);
    await this.txHost.tx.delete(PhoneTypeEntity, { tenantId, name });
  }

  private async find(tenantId: string, name: string): Promise<PhoneTypeResponse | null> {
    const rows = await this.txHost.tx.findBy(PhoneTypeEntity, {
      tenantId: In(visibleTenants(tenantId)),
      name,
    });
    const row = rows.find((candidate) => candidate.tenantId === tenantId) ?? rows[0];
    return row ? toResponse(row, tenantId) : null;
  }

  private async save(tenantId: string, phoneType: PhoneType): Promise<PhoneTypeResponse> {
    const definition = { ...phoneType, vendorServer: phoneType.vendorServer ?? null };
    const row = {
      tenantId,
      name: phoneType.name,
      definition: JSON.stringify(definition),
      updatedAt: new Date(),
    };
    await this.txHost.tx.save(PhoneTypeEntity, row);
    return toResponse(row, tenantId);
  }
}

/**
 * The catalogue a caller writes: its own tenant's. The management tenant's is the system-wide
 * catalogue every tenant sees, so only a SYSTEM_ADMIN writes it, not that tenant's TENANT_ADMIN.
 */
function writableCatalogue(caller: Principal): string {
  if (caller.tenantId === MANAGEMENT_TENANT && !caller.isSystemAdmin)
    throw PlatformException.forbidden('the system-wide phone types (management tenant) require SYSTEM_ADMIN');
  return caller.tenantId;
}

const visibleTenants = (tenantId: string) => [...new Set([tenantId, MANAGEMENT_TENANT])];

function toResponse(
  row: Pick<PhoneTypeEntity, 'tenantId' | 'definition'>,
  tenantId: string,
): PhoneTypeResponse {
  const scope = row.tenantId === tenantId && tenantId !== MANAGEMENT_TENANT ? 'tenant' : 'system';
  return { ...(JSON.parse(row.definition) as PhoneType), scope };
}

/** Names unique, defaults of the declared type. */
function checkParameters(parameters: PhoneTypeParameter[]): void {
  const seen = new Set<string>();
  for (const [index, parameter] of parameters.entries()) {
    const field = `parameters.${index}`;
    if (seen.has(parameter.name))
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        `${field}.name: ${parameter.name} appears twice`,
      );
    seen.add(parameter.name);
    if (RESERVED_NAMES.has(parameter.name))
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        `${field}.name: ${parameter.name} is an access device attribute`,
      );
    if (parameter.default !== undefined && !isOfType(parameter.default, parameter.type))
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        `${field}.default: must be of type ${parameter.type}`,
        { [`${field}.default`]: `must be of type ${parameter.type}` },
      );
  }
}

export function isOfType(value: unknown, type: PhoneTypeParameter['type']): boolean {
  if (type === 'integer') return Number.isSafeInteger(value);
  return typeof value === type;
}
