import type TestAgent from 'supertest/lib/agent';

/**
 * The APIO set-up most provisioning tests share: the tenant's redirect server and an `acme-vendor`
 * server at the fakes' URLs, and a `Desk` phone type provisioned on both (credentials hidden).
 */
export async function deskPhoneType(
  http: TestAgent,
  tenantId: string,
  tenantAdmin: string,
  urls: { redirect: string; vendor: string },
  timeoutMs: number,
): Promise<void> {
  for (const [name, baseUrl] of [
    ['redirect', urls.redirect],
    ['acme-vendor', urls.vendor],
  ])
    await http
      .put(`/api/v1/tenants/${tenantId}/provisioning_servers/${name}/`)
      .set('authorization', tenantAdmin)
      .send({ baseUrl, timeoutMs })
      .expect(200);
  await http
    .post('/api/v1/phone_types/')
    .set('authorization', tenantAdmin)
    .send({
      name: 'Desk',
      numberOfPorts: 2,
      redirect: true,
      vendorServer: 'acme-vendor',
      hiddenCredentials: true,
    })
    .expect(200);
}
