/** Who did what to which, gathered during a request and written once it ends. */
export interface AuditContext {
  action: string;
  tenantId: string | null;
  actor: string | null;
  target: string | null;
  skip: boolean;
}

export const AUDIT_CONTEXT = Symbol('audit-context');
