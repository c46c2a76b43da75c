import { createPublicKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../core/audit/audit.service';
import { ACCEPTED_DEVICES } from '../../core/tenancy/tenant-limits';
import { TenantsService } from '../../core/tenancy/tenants.service';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { AdmissionException } from './admission.exception';
import { type AdmissionStatus, isDecision, mayTransition } from './admission-status';
import { type AuthSetFilter, AuthSetsRepository } from './auth-sets.repository';
import { Device } from './dto/device.response';
import { PageAnchors } from './page-anchors';
import type { NewDevice } from './dto/new-device.dto';
import { AuthSetEntity } from './entities/auth-set.entity';

const PUBLIC_KEY_TYPES = new Set(['rsa', 'ec', 'ed25519']);
/** The auth_sets.id column. */
const MAX_ID_LENGTH = 128;

@Injectable()
export class AdmissionService {
  constructor(
    private readonly authSets: AuthSetsRepository,
    private readonly audit: AuditService,
    private readonly anchors: PageAnchors,
    private readonly tenants: TenantsService,
    private readonly events: Events,
  ) {}

  /** `take` rows from `skip`; the row ending the page is remembered so `next` is an index seek. */
  async list(tenantId: string, filter: AuthSetFilter, skip: number, take: number): Promise<Device[]> {
    const rows = await this.authSets.page(
      tenantId,
      filter,
      skip,
      take,
      this.anchors.before(tenantId, filter, skip),
    );
    const perPage = take - 1; // paginate() asks for one row more than a page
    if (rows.length > perPage && perPage > 0)
      this.anchors.remember(tenantId, filter, skip + perPage, rows[perPage - 1].id);
    return rows.map((row) => Device.fromRow(row));
  }

  count(tenantId: string, status?: AdmissionStatus): Promise<number> {
    return this.authSets.count(tenantId, status);
  }

  async get(tenantId: string, id: string): Promise<Device> {
    return Device.from(await this.find(tenantId, id));
  }

  /**
   * Adds the set, or resets an existing one to pending with the new identity and key: an accepted set
   * gives its place under the limit back. Lock order: the auth set row, then the tenant's counter.
   */
  async submit(tenantId: string, id: string, dto: NewDevice): Promise<void> {
    if (id.length > MAX_ID_LENGTH)
      throw new AdmissionException(400, `id: at most ${MAX_ID_LENGTH} characters`);
    const changes = {
      deviceId: dto.device_id,
      deviceIdentity: dto.device_identity,
      attributes: JSON.stringify(parseIdentity(dto.device_identity)),
      pubkey: checkPublicKey(dto.key),
      status: 'pending' as const,
      requestTime: new Date(),
    };
    this.anchors.forget(tenantId);
    const authSet = Object.assign(new AuthSetEntity(), { tenantId, id, ...changes });
    const previous = await this.authSets.upsertKeepingStatus(authSet);
    await this.publish(WebhookEventType.MENDER_AUTH_SET_SUBMITTED, authSet);
    if (previous === 'pending') return;
    await this.authSets.update(tenantId, id, { status: 'pending' });
    if (previous === 'accepted') await this.tenants.freePlace(tenantId, ACCEPTED_DEVICES);
  }

  async status(tenantId: string, id: string): Promise<AdmissionStatus> {
    return (await this.find(tenantId, id)).status;
  }

  /**
   * accepted or rejected, by the valid transitions only; the same status again changes nothing.
   * Accepting takes a place under the tenant's limit, leaving accepted gives it back.
   */
  async decide(tenantId: string, id: string, status: string): Promise<AdmissionStatus> {
    if (!isDecision(status))
      throw new AdmissionException(400, `invalid status: "${status}": only accepted or rejected may be set`);
    const authSet = await this.authSets.findForUpdate(tenantId, id);
    if (!authSet) throw AdmissionException.notFound();
    if (!mayTransition(authSet.status, status))
      throw new AdmissionException(400, `invalid state transition: ${authSet.status} -> ${status}`);
    this.audit.describe({ target: id });
    if (authSet.status === status) return status;
    this.anchors.forget(tenantId);
    await this.authSets.update(tenantId, id, { status });
    // The tenant's counter last, so its hot row is held for the shortest time (a refusal rolls back).
    if (status === 'accepted') await this.takeAcceptedPlace(tenantId);
    else if (authSet.status === 'accepted') await this.tenants.freePlace(tenantId, ACCEPTED_DEVICES);
    const type =
      status === 'accepted'
        ? WebhookEventType.MENDER_AUTH_SET_ACCEPTED
        : WebhookEventType.MENDER_AUTH_SET_REJECTED;
    await this.publish(type, Object.assign(authSet, { status }));
    return status;
  }

  /** An accepted set gives its place back. */
  async delete(tenantId: string, id: string): Promise<void> {
    this.anchors.forget(tenantId);
    const authSet = await this.authSets.findForUpdate(tenantId, id);
    if (!authSet) return;
    await this.authSets.delete(tenantId, id);
    if (authSet.status === 'accepted') await this.tenants.freePlace(tenantId, ACCEPTED_DEVICES);
    await this.publish(WebhookEventType.MENDER_AUTH_SET_DELETED, authSet);
  }

  /** In the change's transaction: rolled back with it. */
  private publish(type: WebhookEventType, authSet: AuthSetEntity): Promise<void> {
    return this.events.publish(type, authSet.tenantId, authSet.id, Device.from(authSet));
  }

  /**
   * Beyond Mender 1.x (as later Mender versions do): the tenant's limit holds on every instance at
   * once. Counted without a limit too, so a limit set later starts from the right count.
   */
  private async takeAcceptedPlace(tenantId: string): Promise<void> {
    if (!(await this.tenants.takePlace(tenantId, ACCEPTED_DEVICES)))
      throw new AdmissionException(422, 'maximum number of accepted devices reached');
  }

  private async find(tenantId: string, id: string): Promise<AuthSetEntity> {
    const authSet = await this.authSets.findById(tenantId, id);
    if (!authSet) throw AdmissionException.notFound();
    return authSet;
  }
}

/** device_identity must be a JSON string of a non-empty object. */
function parseIdentity(identity: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(identity);
  } catch {
    throw new AdmissionException(400, 'device_identity: must be a JSON string');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new AdmissionException(400, 'device_identity: must be a JSON string of a non-empty object');
  }
  return parsed as Record<string, unknown>;
}

/** key must be a PEM public key of RSA, EC or Ed25519 (not a private key, not a certificate). */
function checkPublicKey(pem: string): string {
  const problem = 'key: must be a PEM public key (RSA, EC or Ed25519)';
  if (!/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem.trim())) throw new AdmissionException(400, problem);
  try {
    if (PUBLIC_KEY_TYPES.has(createPublicKey(pem).asymmetricKeyType ?? '')) return pem;
  } catch {
    // falls through to the same 400
  }
  throw new AdmissionException(400, problem);
}
