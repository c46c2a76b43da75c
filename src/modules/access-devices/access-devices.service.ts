import { Injectable } from '@nestjs/common';
import { AuditService } from '../../core/audit/audit.service';
import { SecretBox } from '../../core/crypto/secret-box';
import { isUniqueViolation } from '../../core/database/database-errors';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { AccessDevicesException } from './access-devices.exception';
import { AccessDeviceSettingsService, type EffectiveSettings } from './access-device-settings.service';
import { AccessDevicesRepository, type DeviceListRow } from './access-devices.repository';
import type { ServerRole } from './adapters/provisioning-client';
import { ApioErrorCode } from './apio-error-codes';
import { objectBody, validatePart } from './body-validation';
import {
  applyChanges,
  applyParameters,
  checkMandatory,
  macAddressOf,
  NEW_DEVICE_PROPERTIES,
  type StoredProperties,
} from './device-attributes';
import { generateDeviceName } from './device-name-rules';
import { DeviceProvisioning, type DocumentFor, targetsOf } from './device-provisioning';
import {
  type AccessDevice,
  type AccessDeviceListItem,
  CHANGE_ATTRIBUTES,
  CreateAccessDevice,
  UpdateAccessDevice,
} from './dto/access-device.dto';
import type { DeletedAccessDevice, LinePort, LinePortAssignment } from './dto/line-port.dto';
import type { PhoneType } from './dto/phone-type.dto';
import { AccessDeviceEntity } from './entities/access-device.entity';
import { hiddenCredentials } from './hidden-credentials';
import { PhoneTypesService } from './phone-types.service';
import { randomText } from './random-text';

/** A generated name already taken is drawn again, this many times at most. */
const NAME_ATTEMPTS = 10;
const ACTIVATION_CODE_DIGITS = 16;
const CREATE_ATTRIBUTES = [...CHANGE_ATTRIBUTES, 'deviceName', 'deviceType'];

interface DeviceSecrets {
  password?: string;
  activationCode?: string;
}

interface DeleteOptions {
  deletePrimaryUsers: boolean;
  deleteSecondaryUsers: boolean;
}

/** APIO advanced access devices: phone type rules, generated names and credentials, provisioning. */
@Injectable()
export class AccessDevicesService {
  constructor(
    private readonly devices: AccessDevicesRepository,
    private readonly phoneTypes: PhoneTypesService,
    private readonly settings: AccessDeviceSettingsService,
    private readonly provisioning: DeviceProvisioning,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly events: Events,
  ) {}

  async list(tenantId: string, groupId: string, nameOrType?: string, includePorts = false) {
    const filter = { nameOrType };
    const rows = await this.devices.list(tenantId, groupId, filter);
    const ports =
      nameOrType !== undefined || includePorts
        ? await this.devices.availablePorts(tenantId, groupId, filter)
        : null;
    return rows.map((row) => listItem(row, ports?.get(Number(row.id)) ?? (ports ? [] : undefined)));
  }

  async get(tenantId: string, groupId: string, name: string, includePorts: boolean): Promise<AccessDevice> {
    const device = await this.find(tenantId, groupId, name, false);
    await this.phoneTypes.resolve(tenantId, device.deviceType);
    const ports = includePorts
      ? ((await this.devices.availablePorts(tenantId, groupId, { deviceId: device.id })).get(device.id) ?? [])
      : undefined;
    return this.describe(device, ports);
  }

  async create(tenantId: string, groupId: string, rawBody: unknown): Promise<AccessDevice> {
    const body = objectBody(rawBody);
    const dto = validatePart(CreateAccessDevice, body, CREATE_ATTRIBUTES);
    const phoneType = await this.phoneTypes.resolve(tenantId, dto.deviceType);
    const settings = await this.settings.get(tenantId);
    const properties = applyChanges(NEW_DEVICE_PROPERTIES, dto);
    properties.parameters = applyParameters(phoneType, {}, extraProperties(body, CREATE_ATTRIBUTES));
    checkMandatory(phoneType, { ...dto });
    const device = Object.assign(new AccessDeviceEntity(), {
      tenantId,
      groupId,
      deviceType: phoneType.name,
      macAddress: macAddressOf(phoneType, dto.macAddress ?? null),
      status: 'Online',
      version: '',
      netAddress: dto.netAddress ?? '',
      numberOfPorts: phoneType.numberOfPorts,
      properties: JSON.stringify(properties),
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    if (
      dto.deviceName !== undefined &&
      settings.DEVICE_NAME_MAX_LENGTH > 0 &&
      dto.deviceName.length > settings.DEVICE_NAME_MAX_LENGTH
    )
      throw AccessDevicesException.invalid(
        ApioErrorCode.DEVICE_NAME,
        `deviceName is longer than ${settings.DEVICE_NAME_MAX_LENGTH} characters`,
        { deviceName: `at most ${settings.DEVICE_NAME_MAX_LENGTH} characters` },
      );
    const targets = targetsOf(phoneType);
    await this.provisioning.order(tenantId, targets, [device.macAddress]);
    const secrets = await this.insertNamed(device, dto, settings, () => {
      const secrets = this.credentials(phoneType, device, properties, dto, settings, {});
      if (phoneType.supportsActivationCode && device.macAddress) secrets.activationCode = activationCode();
      return secrets;
    });
    this.audit.describe({ target: device.deviceName });
    await this.provisioning.provision(tenantId, targets, this.documents(device, secrets));
    await this.publish(WebhookEventType.APIO_ACCESS_DEVICE_PROVISIONED, device);
    return { ...(await this.describe(device)), ...activationCodeOf(secrets) };
  }

  /**
   * Re-provisions only when the MAC changes: new entries first, then the old ones go. The work on
   * both MACs is ordered before the row changes (undo handlers re-check the committed devices).
   */
  async update(tenantId: string, groupId: string, name: string, rawBody: unknown): Promise<AccessDevice> {
    const body = objectBody(rawBody);
    const dto = validatePart(UpdateAccessDevice, body, CHANGE_ATTRIBUTES);
    const device = await this.find(tenantId, groupId, name, true);
    const phoneType = await this.phoneTypes.resolve(tenantId, device.deviceType);
    const settings = await this.settings.get(tenantId);
    const before = { ...device };
    const oldSecrets = this.open(device);
    const current = JSON.parse(device.properties) as StoredProperties;
    const properties = applyChanges(current, dto);
    properties.parameters = applyParameters(
      phoneType,
      current.parameters,
      extraProperties(body, CHANGE_ATTRIBUTES),
    );
    if (dto.netAddress !== undefined) device.netAddress = dto.netAddress;
    checkMandatory(phoneType, { ...properties, netAddress: device.netAddress });
    if (dto.macAddress !== undefined) device.macAddress = macAddressOf(phoneType, dto.macAddress);
    const macChanged = device.macAddress !== before.macAddress;
    const targets = targetsOf(phoneType);
    if (macChanged) await this.provisioning.order(tenantId, targets, [device.macAddress, before.macAddress]);
    // Leaving custom credentials: hidden ones are made anew. Saying false again (a GET's body sent
    // back) keeps the hidden pair the vendor holds.
    if (current.useCustomUserNamePassword && !properties.useCustomUserNamePassword) device.userName = null;
    const secrets = this.credentials(phoneType, device, properties, dto, settings, oldSecrets);
    if (macChanged)
      secrets.activationCode =
        phoneType.supportsActivationCode && device.macAddress ? activationCode() : undefined;
    device.properties = JSON.stringify(properties);
    device.updatedAt = new Date();
    this.seal(device, secrets);
    await this.save(device);
    if (macChanged) {
      if (device.macAddress)
        await this.provisioning.provision(tenantId, targets, this.documents(device, secrets));
      if (before.macAddress)
        await this.provisioning.unprovision(tenantId, device.id, targets, this.documents(before, oldSecrets));
      if (device.macAddress) await this.publish(WebhookEventType.APIO_ACCESS_DEVICE_PROVISIONED, device);
    }
    return { ...(await this.describe(device)), ...(macChanged ? activationCodeOf(secrets) : {}) };
  }

  /** Refused while users the options do not unlink still use it; then gone locally, from the vendor and the redirect server. */
  async delete(
    tenantId: string,
    groupId: string,
    name: string,
    options: DeleteOptions,
  ): Promise<DeletedAccessDevice> {
    const device = await this.find(tenantId, groupId, name, true);
    const phoneType = await this.phoneTypes.resolve(tenantId, device.deviceType);
    const ports = await this.devices.ports(device);
    const blocking = ports.filter((port) =>
      port.kind === 'primary' ? !options.deletePrimaryUsers : !options.deleteSecondaryUsers,
    );
    if (blocking.length > 0)
      throw new AccessDevicesException(
        400,
        ApioErrorCode.DEVICE_IN_USE,
        `access device ${name} is still used by ${blocking.length} user(s)`,
        {
          details: { users: blocking.map(({ userId, port, kind }) => ({ userId, linePort: port, kind })) },
        },
      );
    const targets = targetsOf(phoneType);
    await this.provisioning.order(tenantId, targets, [device.macAddress]);
    await this.publish(WebhookEventType.APIO_ACCESS_DEVICE_DELETED, device); // reads its ports: before they go
    await this.devices.delete(device);
    if (device.macAddress)
      await this.provisioning.unprovision(
        tenantId,
        device.id,
        targets,
        this.documents(device, this.open(device)),
      );
    return { detached_users: ports.map(({ userId, port }) => ({ userId, linePort: port })) };
  }

  /** A port is used once; the same assignment again changes nothing. */
  async assignPort(
    tenantId: string,
    groupId: string,
    name: string,
    port: number,
    assignment: LinePortAssignment,
  ): Promise<LinePort> {
    const device = await this.find(tenantId, groupId, name, true);
    await this.phoneTypes.resolve(tenantId, device.deviceType);
    if (!Number.isInteger(port) || port < 1 || port > device.numberOfPorts)
      throw AccessDevicesException.invalid(
        ApioErrorCode.PORT_UNAVAILABLE,
        `port must be from 1 to ${device.numberOfPorts}`,
        {
          port: `from 1 to ${device.numberOfPorts}`,
        },
      );
    const held = await this.devices.findPortForUpdate(device, port);
    if (held && (held.userId !== assignment.userId || held.kind !== assignment.kind))
      throw AccessDevicesException.conflict(`port ${port} is used by user ${held.userId}`);
    if (!held) {
      try {
        await this.devices.insertPort({ deviceId: device.id, port, tenantId, ...assignment });
      } catch (error) {
        if (isUniqueViolation(error)) throw AccessDevicesException.conflict(`port ${port} was just taken`);
        throw error;
      }
    }
    return { linePort: port, ...assignment };
  }

  async releasePort(tenantId: string, groupId: string, name: string, port: number): Promise<void> {
    const device = await this.find(tenantId, groupId, name, true);
    await this.phoneTypes.resolve(tenantId, device.deviceType);
    if (!(await this.devices.deletePort(device, port)))
      throw AccessDevicesException.notFound(`user on port ${port}`);
  }

  private async find(
    tenantId: string,
    groupId: string,
    name: string,
    lock: boolean,
  ): Promise<AccessDeviceEntity> {
    const device = lock
      ? await this.devices.findForUpdate(tenantId, groupId, name)
      : await this.devices.find(tenantId, groupId, name);
    if (!device) throw AccessDevicesException.notFound(`access device ${name}`);
    return device;
  }

  private async generateName(tenantId: string, groupId: string, settings: EffectiveSettings) {
    const rules = {
      groupRule: settings.AUTOMATIC_ID_RULES.GROUP_DEVICE_NAME_RULE,
      genericRule: settings.AUTOMATIC_ID_RULES.GENERIC_DEVICE_NAME_RULE,
      maxLength: settings.DEVICE_NAME_MAX_LENGTH,
    };
    if (rules.groupRule === null)
      throw AccessDevicesException.invalid(
        ApioErrorCode.DEVICE_NAME,
        'deviceName is mandatory: no GROUP_DEVICE_NAME_RULE is set',
        {
          deviceName: 'mandatory',
        },
      );
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt += 1) {
      const name = generateDeviceName(rules, { tenant_id: tenantId, group_id: groupId });
      if (name === null || name.length > 255)
        throw AccessDevicesException.invalid(
          ApioErrorCode.DEVICE_NAME,
          `the generated deviceName does not fit in ${rules.maxLength || 255} characters`,
        );
      if (!(await this.devices.nameTaken(tenantId, groupId, name))) return name;
    }
    throw AccessDevicesException.invalid(
      ApioErrorCode.DEVICE_NAME,
      `no free deviceName after ${NAME_ATTEMPTS} generated names`,
    );
  }

  /**
   * Names the device (the given name, else a generated one), derives what depends on the name (hidden
   * user name, sealed secrets), and inserts. A generated name taken meanwhile is drawn again; a given
   * name or a MAC in use is a conflict.
   */
  private async insertNamed(
    device: AccessDeviceEntity,
    dto: CreateAccessDevice,
    settings: EffectiveSettings,
    secretsFor: () => DeviceSecrets,
  ): Promise<DeviceSecrets> {
    for (let attempt = 1; ; attempt += 1) {
      device.deviceName =
        dto.deviceName ?? (await this.generateName(device.tenantId, device.groupId, settings));
      const secrets = secretsFor();
      this.seal(device, secrets);
      try {
        await this.devices.insert(device);
        return secrets;
      } catch (error) {
        const retry = dto.deviceName === undefined && isUniqueViolation(error) && !isMacViolation(error);
        if (!retry || attempt >= NAME_ATTEMPTS) throw conflictOf(error, device);
      }
    }
  }

  private async save(device: AccessDeviceEntity): Promise<void> {
    try {
      await this.devices.update(device);
    } catch (error) {
      throw conflictOf(error, device);
    }
  }

  /** Custom credentials when asked for, else hidden ones when the type wants them (kept while they exist). */
  private credentials(
    phoneType: PhoneType,
    device: AccessDeviceEntity,
    properties: StoredProperties,
    dto: CreateAccessDevice | UpdateAccessDevice,
    settings: EffectiveSettings,
    current: DeviceSecrets,
  ): DeviceSecrets {
    if (properties.useCustomUserNamePassword) {
      if (dto.accessDeviceCredentials) {
        device.userName = dto.accessDeviceCredentials.userName;
        return { ...current, password: dto.accessDeviceCredentials.password };
      }
      if (dto.useCustomUserNamePassword === true || device.userName === null || device.userName === undefined)
        throw AccessDevicesException.invalid(
          ApioErrorCode.INVALID_INPUT,
          'accessDeviceCredentials are required with useCustomUserNamePassword',
          { accessDeviceCredentials: 'required with useCustomUserNamePassword' },
        );
      return current;
    }
    if (dto.accessDeviceCredentials)
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        'accessDeviceCredentials need useCustomUserNamePassword: true',
        { accessDeviceCredentials: 'needs useCustomUserNamePassword' },
      );
    if (!phoneType.hiddenCredentials) {
      device.userName = null;
      return { activationCode: current.activationCode };
    }
    if (!device.userName || !current.password) {
      const hidden = hiddenCredentials(device.deviceName, {
        newPasswordGeneration: settings.NEW_PASSWORD_RESET_GEN,
        rules: settings.MINIMUM_PASSWORD_RULES.DEVICE,
        prefixLength: settings.DEVICE_CREDENTIAL_PREFIX_LEN,
      });
      device.userName = hidden.userName;
      return { ...current, password: hidden.password };
    }
    return current;
  }

  private seal(device: AccessDeviceEntity, secrets: DeviceSecrets): void {
    device.secretsSealed =
      secrets.password || secrets.activationCode
        ? this.secrets.seal(JSON.stringify(secrets), secretContext(device))
        : null;
  }

  private open(device: AccessDeviceEntity): DeviceSecrets {
    return device.secretsSealed
      ? (JSON.parse(this.secrets.open(device.secretsSealed, secretContext(device))) as DeviceSecrets)
      : {};
  }

  /** What each server receives: the vendor also gets the credentials and the activation code. */
  private documents(device: AccessDeviceEntity, secrets: DeviceSecrets): DocumentFor {
    return (role: ServerRole) => ({
      macAddress: device.macAddress as string,
      deviceName: device.deviceName,
      deviceType: device.deviceType,
      tenantId: device.tenantId,
      groupId: device.groupId,
      ...(role === 'vendor' && secrets.activationCode ? { activationCode: secrets.activationCode } : {}),
      ...(role === 'vendor' && device.userName && secrets.password
        ? { credentials: { userName: device.userName, password: secrets.password } }
        : {}),
    });
  }

  /** The device as GET shows it (never a secret), in the change's transaction: rolled back with it. */
  private publish(type: WebhookEventType, device: AccessDeviceEntity): Promise<void> {
    const resourceId = `${device.groupId}/${device.deviceName}`;
    return this.events.publish(type, device.tenantId, resourceId, () => this.describe(device));
  }

  private async describe(device: AccessDeviceEntity, availablePorts?: number[]): Promise<AccessDevice> {
    const { parameters, ...properties } = JSON.parse(device.properties) as StoredProperties;
    return {
      deviceName: device.deviceName,
      deviceType: device.deviceType,
      configurationFileName: '',
      macAddress: device.macAddress ?? '',
      netAddress: device.netAddress,
      ...properties,
      userName: properties.useCustomUserNamePassword ? (device.userName ?? '') : '',
      numberOfPorts: device.numberOfPorts,
      numberOfAssignedPorts: await this.devices.countPorts(device),
      status: device.status,
      version: device.version,
      ...(availablePorts ? { availablePorts } : {}),
      ...parameters,
    };
  }
}

function listItem(row: DeviceListRow, availablePorts?: number[]): AccessDeviceListItem {
  return {
    status: row.status,
    deviceName: row.device_name,
    version: row.version,
    macAddress: row.mac_address ?? '',
    netAddress: row.net_address,
    freePorts: Number(row.free_ports),
    deviceType: row.device_type,
    ...(availablePorts ? { availablePorts } : {}),
  };
}

/** The body's properties that are not attributes: candidates for the phone type's parameters. */
function extraProperties(body: Record<string, unknown>, attributes: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !attributes.includes(key)));
}

const activationCode = () => randomText(ACTIVATION_CODE_DIGITS, '0123456789');
const activationCodeOf = (secrets: DeviceSecrets) =>
  secrets.activationCode ? { deviceActivationCode: secrets.activationCode } : {};

/** Sealed secrets are bound to their device: moved to another row, they no longer open. */
const secretContext = (device: AccessDeviceEntity) =>
  `access-device/${device.tenantId}/${device.groupId}/${device.deviceName}`;

/** SQLite names the column, MySQL the index: both contain "mac". */
const isMacViolation = (error: unknown) => isUniqueViolation(error) && /mac/i.test((error as Error).message);

function conflictOf(error: unknown, device: AccessDeviceEntity): unknown {
  if (!isUniqueViolation(error)) return error;
  return isMacViolation(error)
    ? AccessDevicesException.conflict(
        `macAddress ${device.macAddress} is already used by another access device`,
      )
    : AccessDevicesException.conflict(
        `an access device named ${device.deviceName} already exists in group ${device.groupId}`,
      );
}
