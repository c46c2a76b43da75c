import { readTimestamp } from '../../../core/database/lean-query';
import type { ManagedObjectView } from './dto/managed-object.response';
import type { ManagedObjectRow, ReferenceRow } from './inventory.repository';

export const managedObjectPath = (id: string): string => `/inventory/managedObjects/${id}`;

interface ReferenceView {
  managedObject: { id: string; name: string | null; self: string };
}

/** Cumulocity's managed object JSON: a device (c8y_IsDevice) or a group (c8y_IsDeviceGroup), with its references. */
export function managedObjectView(
  row: ManagedObjectRow,
  selfOf: (path: string) => string,
  children: readonly ReferenceRow[],
  parents: readonly ReferenceRow[],
): ManagedObjectView {
  const references = (rows: readonly ReferenceRow[], path: string) => ({
    self: selfOf(`${managedObjectPath(row.id)}/${path}`),
    references: rows.map((reference): ReferenceView => ({
      managedObject: {
        id: reference.id,
        name: reference.name,
        self: selfOf(managedObjectPath(reference.id)),
      },
    })),
  });
  const fragments = JSON.parse(row.fragments) as Pick<
    ManagedObjectView,
    'c8y_Mobile' | 'c8y_SupportedOperations'
  >;
  return {
    id: row.id,
    self: selfOf(managedObjectPath(row.id)),
    name: row.name ?? undefined,
    type: row.type ?? undefined,
    owner: row.owner ?? undefined,
    creationTime: readTimestamp(row.creation_time).toISOString(),
    ...(row.kind === 'device' ? { c8y_IsDevice: {} } : { c8y_IsDeviceGroup: {} }),
    ...fragments,
    childAssets: references(children, 'childAssets'),
    assetParents: references(parents, 'assetParents'),
  };
}
