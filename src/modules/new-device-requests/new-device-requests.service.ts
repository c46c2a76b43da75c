import { Injectable } from '@nestjs/common';
import type { Principal } from '../../core/auth/principal';
import { sha256 } from '../../core/crypto/sha256';
import { DeviceUsersService } from '../../core/device-users/device-users.service';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { CumulocityErrorCode, CumulocityException } from './cumulocity.exception';
import type { CreateNewDeviceRequest } from './dto/create-new-device-request.dto';
import type { NewDeviceRequest, NewDeviceRequestCollection } from './dto/new-device-request.response';
import type { NewDeviceRequestsQuery } from './dto/new-device-requests-query.dto';
import type { UpdateNewDeviceRequest } from './dto/update-new-device-request.dto';
import {
  NewDeviceRequestStatus,
  refusalToAccept,
  SecurityTokenMode,
  tokenChecked,
} from './new-device-request-status';
import { customFragments, MAX_FRAGMENTS_BYTES, toRepresentation } from './new-device-request.representation';
import { pageLinks, pageStart } from './new-device-requests.paging';
import { NewDeviceRequestsRepository } from './new-device-requests.repository';
import { RegistrationEvents } from './registration-events';
import { tokenMatches } from './security-token';

const notFound = (deviceId: string) =>
  CumulocityException.notFound(`No newDeviceRequest for id '${deviceId}'`);

/** An admin's side of device registration: create, read, accept, delete, all within the caller's tenant. */
@Injectable()
export class NewDeviceRequestsService {
  constructor(
    private readonly requests: NewDeviceRequestsRepository,
    private readonly deviceUsers: DeviceUsersService,
    private readonly registrationEvents: RegistrationEvents,
  ) {}

  async create(
    principal: Principal,
    dto: CreateNewDeviceRequest,
    body: unknown,
    origin: string,
  ): Promise<NewDeviceRequest> {
    const fragments = customFragments(body);
    if (fragments !== null && Buffer.byteLength(fragments) > MAX_FRAGMENTS_BYTES)
      throw new CumulocityException(
        CumulocityErrorCode.INVALID_DATA,
        `custom fragments exceed ${MAX_FRAGMENTS_BYTES} bytes of JSON`,
      );
    const mode = await this.requests.securityTokenMode(principal.tenantId);
    if (mode === SecurityTokenMode.REQUIRED && dto.securityToken === undefined)
      throw new CumulocityException(
        CumulocityErrorCode.UNPROCESSABLE_ENTITY, // a mandatory field is missing
        'this tenant requires a securityToken on every new device request',
      );
    const inserted = await this.requests.insert({
      tenantId: principal.tenantId,
      deviceKey: sha256(dto.id),
      deviceId: dto.id,
      status: NewDeviceRequestStatus.WAITING_FOR_CONNECTION,
      type: dto.type ?? null,
      groupId: dto.groupId ?? null,
      owner: principal.email,
      creationTime: new Date(),
      fragments,
      securityTokenHash: dto.securityToken === undefined ? null : sha256(dto.securityToken),
      pollWindowStart: null,
      credentialsIssuedAt: null,
    });
    if (!inserted)
      throw CumulocityException.duplicate(`A newDeviceRequest for id '${dto.id}' already exists`);
    return this.published(
      WebhookEventType.CUMULOCITY_REGISTRATION_CREATED,
      principal.tenantId,
      dto.id,
      origin,
    );
  }

  /** One page in creation order, with Cumulocity's statistics and absolute `prev`/`next` links. */
  async list(tenantId: string, query: NewDeviceRequestsQuery, url: URL): Promise<NewDeviceRequestCollection> {
    const start = pageStart(query);
    // Read forward, one row more than the page says whether a next page exists; read backward from a
    // `prev` cursor, the rows after it exist by construction.
    const backward = 'before' in start;
    const rows = await this.requests.page(tenantId, start, backward ? query.pageSize : query.pageSize + 1);
    const page = rows.slice(0, query.pageSize);
    const hasNext = backward ? page.length > 0 : rows.length > query.pageSize;
    const edges = page.length > 0 ? { first: page[0].seq, last: page[page.length - 1].seq } : null;
    const total =
      query.withTotalPages || query.withTotalElements ? await this.requests.count(tenantId) : undefined;
    return {
      self: url.toString(),
      newDeviceRequests: page.map((row) => toRepresentation(row, url.origin)),
      statistics: {
        currentPage: query.currentPage,
        pageSize: query.pageSize,
        ...(query.withTotalPages ? { totalPages: Math.ceil((total as number) / query.pageSize) } : {}),
        ...(query.withTotalElements ? { totalElements: total } : {}),
      },
      ...pageLinks(url, query, edges, hasNext),
    };
  }

  async get(tenantId: string, deviceId: string, origin: string): Promise<NewDeviceRequest> {
    const row = await this.requests.find(tenantId, deviceId);
    if (!row) throw notFound(deviceId);
    return toRepresentation(row, origin);
  }

  /** Accepts a PENDING_ACCEPTANCE request (the only change there is), checking its token if the mode says so. */
  async update(
    tenantId: string,
    deviceId: string,
    dto: UpdateNewDeviceRequest,
    origin: string,
  ): Promise<NewDeviceRequest> {
    const request = await this.requests.findForAccept(tenantId, deviceId);
    if (!request) throw notFound(deviceId);
    if (dto.id !== undefined && dto.id !== deviceId)
      throw new CumulocityException(
        CumulocityErrorCode.INVALID_DATA,
        `the id of a newDeviceRequest cannot change (body id '${dto.id}', path id '${deviceId}')`,
      );
    const refusal = refusalToAccept(request.status, dto.status);
    if (refusal) throw CumulocityException.cannotUpdate(refusal);
    const mode = await this.requests.securityTokenMode(tenantId);
    if (
      tokenChecked(mode, request.securityTokenHash !== null) &&
      !tokenMatches(request.securityTokenHash, dto.securityToken)
    )
      throw new CumulocityException(
        CumulocityErrorCode.INVALID_DATA,
        request.securityTokenHash === null
          ? 'this tenant requires a securityToken and the request has none: delete it and register it again with one'
          : 'securityToken missing or not the one the request was registered with',
      );
    await this.requests.accept(request.seq);
    return this.published(WebhookEventType.CUMULOCITY_REGISTRATION_ACCEPTED, tenantId, deviceId, origin);
  }

  async acceptAll(tenantId: string, origin: string): Promise<number> {
    const accepted = await this.requests.acceptAll(tenantId, await this.requests.securityTokenMode(tenantId));
    for (const row of accepted)
      await this.registrationEvents.publish(WebhookEventType.CUMULOCITY_REGISTRATION_ACCEPTED, row, origin);
    return accepted.length;
  }

  /** The request as GET shows it, its event written in the change's transaction. */
  private async published(
    type: WebhookEventType,
    tenantId: string,
    deviceId: string,
    origin: string,
  ): Promise<NewDeviceRequest> {
    const row = await this.requests.find(tenantId, deviceId);
    if (!row) throw notFound(deviceId);
    await this.registrationEvents.publish(type, row, origin);
    return toRepresentation(row, origin);
  }

  /**
   * Deletes the request. If its credentials were issued, the device user they created is revoked in the
   * same transaction: deleting a request never leaves its login working.
   */
  async delete(tenantId: string, deviceId: string): Promise<void> {
    const { existed, issued } = await this.requests.delete(tenantId, deviceId);
    if (!existed) throw notFound(deviceId);
    if (issued) await this.deviceUsers.revoke(tenantId, deviceId);
  }
}
