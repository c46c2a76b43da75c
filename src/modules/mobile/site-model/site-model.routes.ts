import { Role } from '../../../core/auth/role.enum';

/** Where the site model's management API lives, who may use it, and its Swagger tag. */
export const ACCESS_CONTROL = 'api/v1/tenants/:tenantId/access-control';
export const ACCESS_CONTROL_ROLES = [Role.MOBILE_ADMIN, Role.TENANT_ADMIN];
export const ACCESS_CONTROL_TAG = 'Primis: site model (access control)';
