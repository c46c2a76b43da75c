import { readOptions } from './request-options';

const spec = { include_available_ports: 'boolean', available_ports_for: 'string' } as const;

describe('readOptions', () => {
  it('reads the options from the query or a JSON body, the body winning', () => {
    expect(readOptions({ include_available_ports: 'true' }, undefined, spec)).toEqual({
      include_available_ports: true,
    });
    expect(
      readOptions({ include_available_ports: 'true' }, { include_available_ports: false }, spec),
    ).toEqual({
      include_available_ports: false,
    });
    expect(readOptions({}, { available_ports_for: 'Generic SIP Phone' }, spec)).toEqual({
      available_ports_for: 'Generic SIP Phone',
    });
  });

  it('ignores unknown options, as APIO ignores unknown body properties', () => {
    expect(readOptions({ include: 'true' }, { colour: 'red', include_available_ports: true }, spec)).toEqual({
      include_available_ports: true,
    });
  });

  it('refuses wrong types and a body that is not an object', () => {
    expect(() => readOptions({ include_available_ports: 'yes' }, undefined, spec)).toThrow(
      'must be a boolean',
    );
    expect(() => readOptions({}, { available_ports_for: 3 }, spec)).toThrow('must be a string');
    expect(() => readOptions({ available_ports_for: ['a', 'b'] }, undefined, spec)).toThrow(
      'must be a string',
    );
    expect(() => readOptions({}, [true], spec)).toThrow('the body must be a JSON object');
  });
});
