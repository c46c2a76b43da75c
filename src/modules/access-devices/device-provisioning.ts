import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SecretBox } from '../../core/crypto/secret-box';
import { Compensations } from '../../core/transaction/compensations';
import { UndoHandlers } from '../../core/transaction/undo-handlers';
import { UnsettledUndoError } from '../../core/transaction/unsettled-undo.error';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { AccessDevicesException } from './access-devices.exception';
import { AccessDevicesRepository } from './access-devices.repository';
import {
  type ProvisioningClient,
  type ProvisioningDocument,
  ProvisioningFailure,
  type ServerRole,
} from './adapters/provisioning-client';
import { ApioErrorCode } from './apio-error-codes';
import type { PhoneType } from './dto/phone-type.dto';
import { PhoneTypesService } from './phone-types.service';
import { ProvisioningServersService, REDIRECT_SERVER } from './provisioning-servers.service';

const UNDO_CREATE = 'apio.provisioning.delete-created';
const UNDO_DELETE = 'apio.provisioning.restore-deleted';
const SETTLING = 'undoing an earlier change';

export interface Target {
  role: ServerRole;
  server: string;
}

/** Where devices of this type go, in provisioning order: the redirect server, then the vendor's. */
export function targetsOf(phoneType: PhoneType): Target[] {
  const targets: Target[] = [];
  if (phoneType.redirect) targets.push({ role: 'redirect', server: REDIRECT_SERVER });
  if (phoneType.vendorServer) targets.push({ role: 'vendor', server: phoneType.vendorServer });
  return targets;
}

/** The document one server receives; the redirect server gets no secret. */
export type DocumentFor = (role: ServerRole) => Omit<ProvisioningDocument, 'provisioningId'>;

/** The external key of one MAC on one server of a tenant: work on it is ordered (docs/provisioning-contract.md). */
const keyOf = (tenantId: string, server: string, mac: string) =>
  ['apio', tenantId, server, mac].map(encodeURIComponent).join('/');

/**
 * Puts devices into, and takes them out of, the redirect and vendor servers inside a
 * `@Transactional()` request. Every call's undo is journalled before the call, so a failure (or a
 * crash) anywhere undoes exactly what this request did, and the reconciler retries undos that fail.
 * Work on one (tenant, server, MAC) is ordered, and each undo re-checks the devices before it acts.
 */
@Injectable()
export class DeviceProvisioning implements OnModuleInit {
  private readonly logger = new Logger('DeviceProvisioning');

  constructor(
    private readonly servers: ProvisioningServersService,
    private readonly compensations: Compensations,
    private readonly undos: UndoHandlers,
    private readonly secrets: SecretBox,
    private readonly devices: AccessDevicesRepository,
    private readonly phoneTypes: PhoneTypesService,
    private readonly events: Events,
  ) {}

  onModuleInit(): void {
    // A record this request created goes, unless a device relies on it now; one that was there before
    // carries another provisioningId and stays.
    this.undos.register(UNDO_CREATE, async ({ tenantId, server, mac, provisioningId }) => {
      const holder = await this.holderTargeting(String(tenantId), String(server), String(mac));
      if (holder)
        return this.logger.log(`rollback of ${server}/${mac} skipped: device ${holder.id} relies on it`);
      const client = await this.servers.client(String(tenantId), String(server));
      await client.delete(String(mac), String(provisioningId));
      // In the main-database transaction the undo runs in (holding the key's lock). If that one rolls
      // back, the undo runs again (UndoRunner): one webhook-id per undo, however often it is published.
      await this.events.publish(
        WebhookEventType.APIO_ACCESS_DEVICE_ROLLED_BACK,
        String(tenantId),
        String(mac),
        { macAddress: mac, server, provisioningId },
        { eventId: `msg_${String(provisioningId)}` },
      );
    });
    // A removed record comes back only for the device it was removed for, if it still holds the MAC there.
    this.undos.register(UNDO_DELETE, async ({ tenantId, server, mac, deviceId, sealed }) => {
      const document = JSON.parse(
        this.secrets.open(String(sealed), restoreContext(tenantId, server)),
      ) as ProvisioningDocument;
      const holder = await this.holderTargeting(String(tenantId), String(server), document.macAddress);
      if (!holder || (deviceId !== undefined && holder.id !== Number(deviceId)))
        return this.logger.log(`restore of ${server}/${String(mac)} skipped: its device no longer holds it`);
      const client = await this.servers.client(String(tenantId), String(server));
      await client.put(document);
    });
  }

  /**
   * Before the request's own writes: orders its work on each (server, MAC) after every earlier
   * request's, settling their undos left open. Fails (changing nothing) when one cannot be undone now.
   */
  async order(tenantId: string, targets: Target[], macs: (string | null)[]): Promise<void> {
    const keys = new Map<string, Target>();
    for (const mac of macs)
      if (mac) for (const target of targets) keys.set(keyOf(tenantId, target.server, mac), target);
    try {
      await this.compensations.acquire([...keys.keys()]);
    } catch (error) {
      const target = error instanceof UnsettledUndoError ? keys.get(error.key) : undefined;
      const cause = (error as UnsettledUndoError).cause;
      throw target && cause instanceof ProvisioningFailure ? failure(target, SETTLING, cause) : error;
    }
  }

  /** Inserts the device into each target in order. */
  async provision(tenantId: string, targets: Target[], documentFor: DocumentFor): Promise<void> {
    for (const target of targets) {
      const document = { ...documentFor(target.role), provisioningId: randomUUID() };
      const undo = await this.compensations.register(
        UNDO_CREATE,
        {
          tenantId,
          server: target.server,
          mac: document.macAddress,
          provisioningId: document.provisioningId,
        },
        { key: keyOf(tenantId, target.server, document.macAddress) },
      );
      const client = await this.servers.client(tenantId, target.server);
      const outcome = await this.call(target, 'inserting', () => client.put(document));
      if (outcome === 'existed') await undo.cancel(); // not ours to delete on a rollback
    }
  }

  /** Removes the device from each target, the vendor first; "not found" counts as removed. */
  async unprovision(
    tenantId: string,
    deviceId: number,
    targets: Target[],
    documentFor: DocumentFor,
  ): Promise<void> {
    for (const target of [...targets].reverse()) {
      const document: ProvisioningDocument = { ...documentFor(target.role), provisioningId: randomUUID() };
      const sealed = this.secrets.seal(JSON.stringify(document), restoreContext(tenantId, target.server));
      const mac = document.macAddress;
      await this.compensations.register(
        UNDO_DELETE,
        { tenantId, server: target.server, mac, deviceId, sealed },
        { key: keyOf(tenantId, target.server, mac) },
      );
      const client: ProvisioningClient = await this.servers.client(tenantId, target.server);
      await this.call(target, 'removing', () => client.delete(mac));
    }
  }

  /** The device holding the MAC now, if its phone type sends it to this server (a locking read). */
  private async holderTargeting(tenantId: string, server: string, mac: string) {
    const holder = await this.devices.holderOfMac(tenantId, mac);
    if (!holder) return null;
    const phoneType = await this.phoneTypes.resolve(tenantId, holder.deviceType).catch(() => null);
    return phoneType && targetsOf(phoneType).some((target) => target.server === server) ? holder : null;
  }

  private async call<T>(target: Target, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof ProvisioningFailure ? failure(target, action, error) : error;
    }
  }
}

/**
 * A server's failure as APIO reports it: 31/32 for the vendor, 33/34 for the redirect server.
 * `sub_code`: the vendor's own code (else its HTTP status); the redirect server's HTTP status.
 */
function failure(target: Target, action: string, error: ProvisioningFailure): AccessDevicesException {
  const { system, codes } = FAILURES[target.role];
  const cause =
    error.reason === 'rejected'
      ? `${system} reply with an error: ${error.message}`
      : `${system} did not answer: ${error.message}`;
  const message =
    action === SETTLING ? `${cause} (${SETTLING} to this MAC; nothing was changed, retry later)` : cause;
  return new AccessDevicesException(400, codes[error.reason], message, {
    subCode: target.role === 'redirect' ? error.status : error.subCode,
    details: { system: target.role, server: target.server, action },
  });
}

/** How APIO names each server in its messages, and its codes for a refusal or no answer. */
const FAILURES: Record<
  ServerRole,
  { system: string; codes: Record<ProvisioningFailure['reason'], ApioErrorCode> }
> = {
  vendor: {
    system: 'Phone Provisioning Server',
    codes: { rejected: ApioErrorCode.VENDOR_ERROR, unreachable: ApioErrorCode.VENDOR_UNREACHABLE },
  },
  redirect: {
    system: 'Redirect Server',
    codes: { rejected: ApioErrorCode.REDIRECT_ERROR, unreachable: ApioErrorCode.REDIRECT_UNREACHABLE },
  },
};

const restoreContext = (tenantId: unknown, server: unknown) =>
  `apio-restore/${String(tenantId)}/${String(server)}`;
