import { Injectable } from '@nestjs/common';
import { AppException, PlatformErrorCode } from '../../../core/http/app.exception';
import { CumulocityException } from '../cumulocity.exception';
import {
  type ManagedObjectFilter,
  InventoryRepository,
  type ManagedObjectRow,
  type ReferenceRow,
} from './inventory.repository';
import type { PageQuery } from './inventory-paging';
import { managedObjectPath, managedObjectView } from './managed-object.view';

export type SelfOf = (path: string) => string;

/** Who reads: a tenant user (any object of its tenant) or a device user (its own object only). */
export interface InventoryReader {
  tenantId: string;
  /** `device_<id>` when the caller is a device, else null. */
  deviceOwner: string | null;
}

/** The identity and inventory read API over what the bulk import wrote. */
@Injectable()
export class InventoryService {
  constructor(private readonly inventory: InventoryRepository) {}

  async externalId(reader: InventoryReader, type: string, externalId: string, selfOf: SelfOf) {
    const managedObjectId = await this.inventory.findExternalId(reader.tenantId, type, externalId);
    const object = managedObjectId
      ? await this.inventory.findById(reader.tenantId, managedObjectId)
      : undefined;
    if (!object)
      throw CumulocityException.notFound(
        `External id not found; external id = ID [type=${type}, value=${externalId}]`,
      );
    this.checkReadable(reader, object);
    return {
      externalId,
      type,
      self: selfOf(`/identity/externalIds/${encodeURIComponent(type)}/${encodeURIComponent(externalId)}`),
      managedObject: { id: object.id, self: selfOf(managedObjectPath(object.id)) },
    };
  }

  async managedObject(reader: InventoryReader, id: string, selfOf: SelfOf) {
    const object = await this.inventory.findById(reader.tenantId, id);
    if (!object)
      throw CumulocityException.notFound(
        `Finding device data from database failed : No managedObject for id '${id}'!`,
      );
    this.checkReadable(reader, object);
    return (await this.views(reader.tenantId, [object], selfOf))[0];
  }

  /** A page of the tenant's inventory, one extra row read to know whether a next page exists. */
  async page(tenantId: string, filter: ManagedObjectFilter, page: PageQuery, selfOf: SelfOf) {
    const start = page.after ? { after: page.after } : { skip: (page.currentPage - 1) * page.pageSize };
    const rows = await this.inventory.page(tenantId, filter, start, page.pageSize + 1);
    const total =
      page.withTotalPages || page.withTotalElements
        ? await this.inventory.count(tenantId, filter)
        : undefined;
    const shown = rows.slice(0, page.pageSize);
    return {
      objects: await this.views(tenantId, shown, selfOf),
      lastId: shown.at(-1)?.id,
      hasNext: rows.length > page.pageSize,
      total,
    };
  }

  /** A device user reads only the device it owns (the object is of its tenant: saying so leaks nothing). */
  private checkReadable(reader: InventoryReader, object: ManagedObjectRow): void {
    if (reader.deviceOwner !== null && object.owner !== reader.deviceOwner)
      throw new AppException(403, PlatformErrorCode.FORBIDDEN, 'A device reads only its own managed object');
  }

  private async views(tenantId: string, rows: readonly ManagedObjectRow[], selfOf: SelfOf) {
    const ids = rows.map((row) => row.id);
    const [children, parents] = await Promise.all([
      this.inventory.children(tenantId, ids),
      this.inventory.parents(tenantId, ids),
    ]);
    const of = (references: ReferenceRow[], id: string) =>
      references.filter((reference) => reference.owner_id === id);
    return rows.map((row) => managedObjectView(row, selfOf, of(children, row.id), of(parents, row.id)));
  }
}
