import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { deviceUsername } from '../../../core/device-users/device-users.service';
import { Operation } from '../../../core/http/operation.decorator';
import { CumulocityMediaType } from '../cumulocity-media-type';
import { ExternalIdView, ManagedObjectCollection, ManagedObjectView } from './dto/managed-object.response';
import { absoluteUrl, MAX_PAGE_SIZE, pageLinks, readPageQuery } from './inventory-paging';
import { type InventoryReader, InventoryService } from './inventory.service';

const READ = [Role.ROLE_DEVICE_CONTROL_READ, Role.ROLE_DEVICE_CONTROL_ADMIN];

const readerOf = (principal: Principal): InventoryReader => ({
  tenantId: principal.tenantId,
  deviceOwner: principal.kind === 'device' ? deviceUsername(principal.deviceId as string) : null,
});

/** Cumulocity's identity and inventory read API, over what the bulk import created. */
@ApiTags('Cumulocity inventory')
@Controller()
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get('identity/externalIds/:type/:externalId')
  @Authenticated({ roles: READ, device: 'self' })
  @CumulocityMediaType('externalId')
  @Operation({
    id: 'getExternalId',
    summary: 'The managed object an external id names',
    description: 'A device user may look up only its own device.',
  })
  @ApiOkResponse({ type: ExternalIdView })
  @ApiNotFoundResponse({ description: 'No such external id in the caller’s tenant.' })
  externalId(
    @CurrentUser() principal: Principal,
    @Param('type') type: string,
    @Param('externalId') externalId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.inventory.externalId(readerOf(principal), type, externalId, (path) =>
      absoluteUrl(request, path),
    );
  }

  @Get('inventory/managedObjects/:id')
  @Authenticated({ roles: READ, device: 'self' })
  @CumulocityMediaType('managedObject')
  @Operation({
    id: 'getManagedObject',
    summary: 'A device or a device group',
    description:
      'Groups list their childAssets, devices their assetParents. A device user may read only its own.',
  })
  @ApiOkResponse({ type: ManagedObjectView })
  @ApiNotFoundResponse({ description: 'No such managed object in the caller’s tenant.' })
  managedObject(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.inventory.managedObject(readerOf(principal), id, (path) => absoluteUrl(request, path));
  }

  @Get('inventory/managedObjects')
  @Authenticated({ roles: READ })
  @CumulocityMediaType('managedObjectCollection')
  @Operation({
    id: 'listManagedObjects',
    summary: 'Devices and groups of the tenant, paged',
    description:
      'Filtered by `type` and `fragmentType` (e.g. c8y_IsDevice, c8y_IsDeviceGroup, c8y_Mobile), in id order.',
  })
  @ApiQuery({ name: 'type', required: false, type: 'string' })
  @ApiQuery({ name: 'fragmentType', required: false, type: 'string' })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 5 },
  })
  @ApiQuery({ name: 'currentPage', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({ name: 'withTotalPages', required: false, type: 'boolean' })
  @ApiQuery({ name: 'withTotalElements', required: false, type: 'boolean' })
  @ApiOkResponse({ type: ManagedObjectCollection })
  async list(
    @CurrentUser() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ): Promise<ManagedObjectCollection> {
    const page = readPageQuery(query);
    const filter = {
      type: typeof query.type === 'string' && query.type ? query.type : undefined,
      fragmentType:
        typeof query.fragmentType === 'string' && query.fragmentType ? query.fragmentType : undefined,
    };
    const result = await this.inventory.page(principal.tenantId, filter, page, (path) =>
      absoluteUrl(request, path),
    );
    const links = pageLinks(request, page, result.lastId, result.hasNext);
    return {
      self: links.self,
      managedObjects: result.objects,
      statistics: {
        currentPage: page.currentPage,
        pageSize: page.pageSize,
        ...(page.withTotalPages ? { totalPages: Math.ceil((result.total as number) / page.pageSize) } : {}),
        ...(page.withTotalElements ? { totalElements: result.total } : {}),
      },
      ...(links.prev ? { prev: links.prev } : {}),
      ...(links.next ? { next: links.next } : {}),
    };
  }
}
