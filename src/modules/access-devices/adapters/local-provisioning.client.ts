import type { EntityManager } from 'typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { isUniqueViolation } from '../../../core/database/database-errors';
import type { ProvisioningClient, ProvisioningDocument, PutOutcome } from './provisioning-client';

/**
 * The built-in server for a name the tenant has not configured, so `npm start` works with none.
 * Its records live in `local_provisioning_records`, in the request's transaction: a rollback takes them
 * back even without the undo (which still runs, harmlessly).
 */
export class LocalProvisioningClient implements ProvisioningClient {
  constructor(
    private readonly manager: EntityManager,
    private readonly tenantId: string,
    private readonly server: string,
  ) {}

  async put(document: ProvisioningDocument): Promise<PutOutcome> {
    // The built-in server keeps no secret; the creator's id is a column of its own.
    const { credentials: _secret, provisioningId: _creator, ...stored } = document;
    const key = [this.tenantId, this.server, document.macAddress];
    const replaced = await leanQuery(
      this.manager,
      'UPDATE local_provisioning_records SET document = ?, updated_at = ? WHERE tenant_id = ? AND server = ? AND mac = ?',
      [JSON.stringify(stored), new Date(), ...key],
    );
    if (replaced.affected > 0) return 'existed';
    try {
      await leanQuery(
        this.manager,
        'INSERT INTO local_provisioning_records (tenant_id, server, mac, provisioning_id, document, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        [...key, document.provisioningId, JSON.stringify(stored), new Date()],
      );
      return 'created';
    } catch (error) {
      if (isUniqueViolation(error)) return this.put(document); // created meanwhile: now it is an update
      throw error;
    }
  }

  async delete(mac: string, onlyIfProvisionedBy?: string): Promise<void> {
    const condition = onlyIfProvisionedBy === undefined ? '' : ' AND provisioning_id = ?';
    const extra = onlyIfProvisionedBy === undefined ? [] : [onlyIfProvisionedBy];
    await leanQuery(
      this.manager,
      `DELETE FROM local_provisioning_records WHERE tenant_id = ? AND server = ? AND mac = ?${condition}`,
      [this.tenantId, this.server, mac, ...extra],
    );
  }
}
