/** `{managedObject: {id, name, self}}` in childAssets and assetParents. */
export class ManagedObjectReference {
  managedObject: { id: string; name?: string | null; self: string };
}

export class ManagedObjectReferences {
  self: string;
  references: ManagedObjectReference[];
}

/**
 * A managed object: a device (`c8y_IsDevice: {}`, owner `device_<id>`, optional `c8y_Mobile`,
 * `c8y_SupportedOperations`) or a group (`c8y_IsDeviceGroup: {}`).
 */
export class ManagedObjectView {
  id: string;
  self: string;
  name?: string;
  type?: string;
  owner?: string;
  creationTime: string;
  c8y_IsDevice?: Record<string, never>;
  c8y_IsDeviceGroup?: Record<string, never>;
  c8y_Mobile?: { iccid: string };
  c8y_SupportedOperations?: string[];
  childAssets: ManagedObjectReferences;
  assetParents: ManagedObjectReferences;
}

export class ExternalIdView {
  externalId: string;
  type: string;
  self: string;
  managedObject: { id: string; self: string };
}

export class PagingStatistics {
  currentPage: number;
  pageSize: number;
  totalPages?: number;
  totalElements?: number;
}

export class ManagedObjectCollection {
  self: string;
  managedObjects: ManagedObjectView[];
  statistics: PagingStatistics;
  prev?: string;
  next?: string;
}
