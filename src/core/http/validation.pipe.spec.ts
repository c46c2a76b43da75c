import type { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ClsServiceManager } from 'nestjs-cls';
import { PlatformErrorCode, PlatformException } from './app.exception';
import { type ErrorShape, problemJsonShape } from './error-shape';
import { ERROR_SHAPE } from './request-context';
import { createValidationPipe, fieldErrors, ShapeAwareValidationPipe } from './validation.pipe';

const error = (property: string, constraints?: Record<string, string>, children?: ValidationError[]) =>
  ({ property, constraints, children }) as ValidationError;

describe('fieldErrors', () => {
  it('keeps top-level messages as they are', () => {
    expect(fieldErrors([error('name', { isString: 'name must be a string' })])).toEqual([
      { field: 'name', message: 'name must be a string' },
    ]);
  });

  it('gives nested errors a dotted path and prefixes their messages with the parent path', () => {
    const errors = [
      error('DeviceId', undefined, [
        error('SerialNumber', { isString: 'SerialNumber must be a string' }),
        error('Location', undefined, [
          error('Latitude', {
            isNumber: 'Latitude must be a number',
            max: 'Latitude must not be greater than 90',
          }),
        ]),
      ]),
      error('Name', { isNotEmpty: 'Name should not be empty' }),
    ];

    expect(fieldErrors(errors)).toEqual([
      { field: 'DeviceId.SerialNumber', message: 'DeviceId.SerialNumber must be a string' },
      { field: 'DeviceId.Location.Latitude', message: 'DeviceId.Location.Latitude must be a number' },
      {
        field: 'DeviceId.Location.Latitude',
        message: 'DeviceId.Location.Latitude must not be greater than 90',
      },
      { field: 'Name', message: 'Name should not be empty' },
    ]);
  });

  it('names the whole path in nested messages that do not start with the property name', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('device', undefined, [
        error('serial', { isString: 'serial must be a string' }),
        error('extra', { whitelistValidation: 'property extra should not exist' }),
        error('mac', { matches: 'Use six hex pairs like 00:1A:2B:3C:4D:5E' }),
      ]),
    ];

    expect(fieldErrors(errors)).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'device.serial', message: 'device.serial must be a string' },
      { field: 'device.extra', message: 'device.extra: property extra should not exist' },
      { field: 'device.mac', message: 'device.mac: Use six hex pairs like 00:1A:2B:3C:4D:5E' },
    ]);
  });
});

class Address {
  @IsString()
  city: string;

  @IsInt()
  @Min(1)
  number: number;
}

class Person {
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Address)
  address: Address;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const transform = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Person });

  it('returns an instance of the DTO for a valid body', async () => {
    const person = (await transform({ name: 'Ann', address: { city: 'Oslo', number: 3 } })) as Person;

    expect(person).toBeInstanceOf(Person);
    expect(person.address).toBeInstanceOf(Address);
    expect(person.address.number).toBe(3);
  });

  it('rejects a bad body with a 400 validation_failed that names every bad field', async () => {
    const failure: unknown = await transform({ name: 7, address: { city: 'Oslo', number: 0 } }).catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(PlatformException);
    const exception = failure as PlatformException;
    expect(exception.status).toBe(400);
    expect(exception.code).toBe(PlatformErrorCode.VALIDATION_FAILED);
    expect(exception.fields).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'address.number', message: 'address.number must not be less than 1' },
    ]);
    expect(exception.message).toBe('name must be a string; address.number must not be less than 1');
  });

  it('rejects properties the DTO does not declare', async () => {
    const failure = (await transform({
      name: 'Ann',
      address: { city: 'Oslo', number: 1 },
      admin: true,
    }).catch((e: unknown) => e)) as PlatformException;

    expect(failure.status).toBe(400);
    expect(failure.fields).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
  });
});

describe('ShapeAwareValidationPipe', () => {
  const vendor: ErrorShape = { ...problemJsonShape, ignoresUnknownProperties: true };
  const cls = ClsServiceManager.getClsService();
  const pipe = new ShapeAwareValidationPipe();
  /** The pipe on a body, in a request of the API with `shape` (as the request context resolves it). */
  const at = (shape: ErrorShape | undefined, value: unknown): Promise<unknown> =>
    cls.run(async () => {
      if (shape) cls.set(ERROR_SHAPE, shape);
      return pipe.transform(value, { type: 'body', metatype: Person });
    });
  const body = { name: 'Ann', address: { city: 'Oslo', number: 1, floor: 3 }, admin: true };

  it('strips unknown properties, nested ones too, where the API ignores them as its vendor does', async () => {
    const person = (await at(vendor, body)) as Person;

    expect(person).toBeInstanceOf(Person);
    expect(person).toEqual({ name: 'Ann', address: { city: 'Oslo', number: 1 } });
    const failure = (await at(vendor, { ...body, name: 7 }).catch((e: unknown) => e)) as PlatformException;
    expect(failure.fields).toEqual([{ field: 'name', message: 'name must be a string' }]);
  });

  it('refuses them in every other API, and where no shape was resolved: the platform stays strict', async () => {
    for (const shape of [problemJsonShape, undefined]) {
      const failure = (await at(shape, body).catch((e: unknown) => e)) as PlatformException;

      expect(failure).toBeInstanceOf(PlatformException);
      expect(failure.fields).toEqual([
        { field: 'admin', message: 'property admin should not exist' },
        { field: 'address.floor', message: 'address.floor: property floor should not exist' },
      ]);
    }
  });
});
