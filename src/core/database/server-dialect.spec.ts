import { dialectOfVersion } from './server-dialect';

describe('dialectOfVersion', () => {
  it.each([
    ['10.11.6-MariaDB-0+deb12u1', 'mariadb'],
    ['11.4.2-MariaDB-log', 'mariadb'],
    ['5.5.5-10.11.6-MariaDB', 'mariadb'],
    ['8.0.36', 'mysql'],
    ['8.4.0-commercial', 'mysql'],
  ])('reads %s as %s', (version, dialect) => {
    expect(dialectOfVersion(version)).toBe(dialect);
  });
});
