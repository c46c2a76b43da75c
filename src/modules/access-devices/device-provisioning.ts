import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SecretBox } from '../../core/crypto/secret-box';
import { Compensations } from '../../core/transaction/compensations';
import { UndoHandlers } from '../../core/transaction/undo-handlers';
import { AccessDevicesException } from './access-devices.exception';
import {
  type ProvisioningClient,
  type ProvisioningDocument,
  ProvisioningFailure,
  type ServerRole,
} from './adapters/provisioning-client';
import { ApioErrorCode } from './apio-error-codes';
import type { PhoneType } from './dto/phone-type.dto';
import { ProvisioningServersService, REDIRECT_SERVER } from './provisioning-servers.service';

const UNDO_CREATE = 'apio.provisioning.delete-created';
const UNDO_DELETE = 'apio.provisioning.restore-deleted';

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

/**
 * Puts devices into, and takes them out of, the redirect and vendor servers inside a
 * `@Transactional()` request. Every call's undo is journalled before the call, so a failure (or a
 * crash) anywhere undoes exactly what this request did, and the reconciler retries undos that fail.
 */
@Injectable()
export class DeviceProvisioning implements OnModuleInit {
  constructor(
    private readonly servers: ProvisioningServersService,
    private readonly compensations: Compensations,
    private readonly undos: UndoHandlers,
    private readonly secrets: SecretBox,
  ) {}

  onModuleInit(): void {
    // A record this request created goes; one that was there before carries another provisioningId and stays.
    this.undos.register(UNDO_CREATE, async ({ tenantId, server, mac, provisioningId }) => {
      const client = await this.servers.client(String(tenantId), String(server));
      await client.delete(String(mac), String(provisioningId));
    });
    this.undos.register(UNDO_DELETE, async ({ tenantId, server, sealed }) => {
      const client = await this.servers.client(String(tenantId), String(server));
      const document = JSON.parse(
        this.secrets.open(String(sealed), restoreContext(tenantId, server)),
      ) as ProvisioningDocument;
      await client.put(document);
    });
  }

  /** Inserts the device into each target in order. */
  async provision(tenantId: string, targets: Target[], documentFor: DocumentFor): Promise<void> {
    for (const target of targets) {
      const document = { ...documentFor(target.role), provisioningId: randomUUID() };
      const undo = await this.compensations.register(UNDO_CREATE, {
        tenantId,
        server: target.server,
        mac: document.macAddress,
        provisioningId: document.provisioningId,
      });
      const client = await this.servers.client(tenantId, target.server);
      const outcome = await this.call(target, 'inserting', () => client.put(document));
      if (outcome === 'existed') await undo.cancel(); // not ours to delete on a rollback
    }
  }

  /** Removes the device from each target, the vendor first; "not found" counts as removed. */
  async unprovision(tenantId: string, targets: Target[], documentFor: DocumentFor): Promise<void> {
    for (const target of [...targets].reverse()) {
      const document: ProvisioningDocument = { ...documentFor(target.role), provisioningId: randomUUID() };
      const sealed = this.secrets.seal(JSON.stringify(document), restoreContext(tenantId, target.server));
      await this.compensations.register(UNDO_DELETE, { tenantId, server: target.server, sealed });
      const client: ProvisioningClient = await this.servers.client(tenantId, target.server);
      await this.call(target, 'removing', () => client.delete(document.macAddress));
    }
  }

  /** A server's failure as APIO reports it: 31/32 for the vendor, 33/34 for the redirect server. */
  private async call<T>(target: Target, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ProvisioningFailure)) throw error;
      const { system, codes } = FAILURES[target.role];
      const message =
        error.reason === 'rejected'
          ? `${system} reply with an error: ${error.message}`
          : `${system} did not answer: ${error.message}`;
      throw new AccessDevicesException(400, codes[error.reason], message, {
        subCode: error.subCode,
        details: { system: target.role, server: target.server, action },
      });
    }
  }
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
