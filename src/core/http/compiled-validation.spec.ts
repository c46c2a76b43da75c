import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { compileBody } from './compiled-validation';
import { DeviceIdentification } from '../../modules/devices/dto/device-identification.dto';
import { DeviceCredentialValue } from '../../modules/devices/dto/failed-credentials.dto';
import { NegotiateDto } from '../../modules/negotiation/dto/negotiate.dto';
import { createValidationPipe } from './validation.pipe';

class Secret {
  @IsString()
  Value: string;
}

/** The Genetec poll (the hot body: nested identity, free-form documents, an optional nested credential), plus arrays. */
class Poll extends NegotiateDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsInt({ each: true })
  @Min(1, { each: true })
  Ports?: number[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Secret)
  Secrets?: Secret[];
}

const valid = {
  DeviceId: { SerialNumber: 'SN-1', Manufacturer: 'acme' },
  DeviceType: 'Camera',
  Capabilities: { free: 10, list: [1, { a: null }] },
  Configuration: { firmware: '1.2', nested: { deep: [true] } },
};

const bodies: unknown[] = [
  valid,
  { ...valid, Capabilities: undefined },
  { ...valid, Capabilities: null },
  { ...valid, Credential: { DeviceCredential: 'c' } },
  { ...valid, Credential: null },
  { ...valid, Credential: 'c' },
  { ...valid, Credential: { DeviceCredential: 1 } },
  { ...valid, Credential: { DeviceCredential: 'c', extra: 1 } },
  { ...valid, Ports: [1, 2] },
  { ...valid, Ports: [1, 2, 3] },
  { ...valid, Ports: [0] },
  { ...valid, Ports: ['1'] },
  { ...valid, Secrets: [{ Value: 'a' }, { Value: 'b' }] },
  { ...valid, Secrets: [{ Value: 'a' }, 'b'] },
  { ...valid, Secrets: [{ Value: 'a', more: true }] },
  { ...valid, DeviceId: { SerialNumber: '', Manufacturer: 'acme' } },
  { ...valid, DeviceId: { SerialNumber: 'x'.repeat(201), Manufacturer: 'acme' } },
  { ...valid, DeviceId: { SerialNumber: 'SN-1', Manufacturer: 'acme', Model: 'm' } },
  { ...valid, DeviceId: { SerialNumber: 'SN-1', Manufacturer: 'acme', Firmware: 'f' } },
  { ...valid, DeviceId: [] },
  { ...valid, DeviceId: null },
  { ...valid, DeviceId: undefined },
  { ...valid, DeviceType: '' },
  { ...valid, Configuration: [] },
  { ...valid, Configuration: 'x' },
  { ...valid, Unknown: 1 },
  { ...valid, Configuration: { toString: 'x' } },
  { ...valid, Configuration: { list: [{ constructor: 1 }] } },
  { ...valid, Configuration: { prototype: 1 } },
  JSON.parse(
    '{"DeviceId":{"SerialNumber":"a","Manufacturer":"b"},"DeviceType":"c","Configuration":{},"__proto__":{"x":1}}',
  ),
  {},
  [],
  null,
  'text',
];

describe('compileBody', () => {
  for (const strict of [true, false]) {
    describe(
      strict ? 'strict (unknown properties refused)' : 'tolerant (unknown properties stripped)',
      () => {
        const pipe = createValidationPipe(strict);
        const check = compileBody(Poll, strict)!;

        it.each(bodies.map((body) => [JSON.stringify(body) ?? String(body), body]))(
          'accepts %s only as the validation pipe does, with the same instance',
          async (_name, body) => {
            const accepted = check(structuredClone(body));
            const piped = await pipe
              .transform(structuredClone(body), { type: 'body', metatype: Poll })
              .catch(() => undefined);
            if (accepted !== undefined) expect(accepted).toStrictEqual(piped);
          },
        );
      },
    );
  }

  it('takes a valid body itself, nested classes built, unknown properties stripped when tolerant', () => {
    const body = {
      ...valid,
      Credential: { DeviceCredential: 'c', extra: 1 },
      Secrets: [{ Value: 's' }],
      Unknown: 1,
    };
    const accepted = compileBody(Poll, false)!(body) as Poll;
    expect(accepted).toBeInstanceOf(Poll);
    expect(accepted.DeviceId).toBeInstanceOf(DeviceIdentification);
    expect(accepted.Credential).toStrictEqual(
      Object.assign(new DeviceCredentialValue(), { DeviceCredential: 'c' }),
    );
    expect(accepted.Secrets?.[0]).toBeInstanceOf(Secret);
    expect(accepted).not.toHaveProperty('Unknown');
    expect(accepted.Configuration).toEqual(valid.Configuration);
  });

  it('leaves every body with an error to the pipe', () => {
    const check = compileBody(Poll, true)!;
    expect(check(valid)).toBeInstanceOf(Poll);
    expect(check({ ...valid, Unknown: 1 })).toBeUndefined();
    expect(check({ ...valid, DeviceId: { SerialNumber: '', Manufacturer: 'acme' } })).toBeUndefined();
    expect(check({ ...valid, Credential: 'c' })).toBeUndefined();
    expect(check({ ...valid, Ports: [0] })).toBeUndefined();
  });

  it('does not compile rules it does not model (@ValidateIf, @Transform, nested without @Type)', () => {
    class Conditional {
      @ValidateIf((o: { kind?: string }) => o.kind === 'a')
      @IsString()
      name: string;
    }
    class Transformed {
      @Transform(({ value }: { value: string }) => value.trim())
      @IsString()
      name: string;
    }
    class Untyped {
      @IsObject()
      @ValidateNested()
      inner: Secret;
    }
    expect(compileBody(Conditional, true)).toBeNull();
    expect(compileBody(Transformed, true)).toBeNull();
    expect(compileBody(Untyped, true)).toBeNull();
  });
});
