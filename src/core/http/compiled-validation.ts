import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage as transformMetadata } from 'class-transformer/cjs/storage';
import { getMetadataStorage, IS_OPTIONAL, type ValidationArguments, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * A DTO's class-validator rules compiled once into one synchronous check, for the hot request bodies.
 * It reads the same metadata as the validation pipe (and Swagger), calls the same validator functions,
 * and builds the instance the pipe would build (class-transformer's plainToInstance, then whitelisting).
 * It only ever accepts: it answers the instance when every rule holds, and `undefined` for anything else
 * (an invalid body, an unknown property under the strict pipe, a case it does not model), and the full
 * pipe then decides, so every 400 is still the pipe's own.
 */
export type CompiledBody = (plain: unknown) => object | undefined;

type DtoClass = new () => object;

interface Check {
  test: (value: unknown, args: ValidationArguments) => unknown;
  each: boolean;
  constraints: unknown[];
  validateIf?: (object: object, value: unknown) => boolean;
}

interface Property {
  name: string;
  optional: boolean;
  checks: Check[];
  /** @ValidateNested with @Type: the nested class, compiled the same way. */
  nested?: CompiledClass;
}

interface CompiledClass {
  metatype: DtoClass;
  properties: Map<string, Property>;
}

const validation = getMetadataStorage();
/** @IsDefined is a check like the others, run even where the value is missing (as the executor does). */
const CHECKS = new Set<string>([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.IS_DEFINED]);
const MODELLED = new Set<string>([
  ...CHECKS,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
]);

/** The check for `metatype`, or null when its rules use something the check does not model. */
export function compileBody(metatype: DtoClass, forbidUnknown: boolean): CompiledBody | null {
  const compiled = compileClass(metatype, new Set());
  if (!compiled) return null;
  return (plain) => build(compiled, plain, forbidUnknown);
}

function compileClass(metatype: DtoClass, compiling: Set<DtoClass>): CompiledClass | null {
  if (compiling.has(metatype) || !onlyFields(metatype)) return null; // recursive DTOs: the full pipe
  const metadatas = validation.getTargetValidationMetadatas(metatype, '', false, false);
  if (metadatas.length === 0 || metadatas.some((m) => !MODELLED.has(m.type))) return null;
  if (
    transformMetadata.getExposedMetadatas(metatype).length > 0 ||
    transformMetadata.getExcludedMetadatas(metatype).length > 0
  )
    return null;
  const properties = new Map<string, Property>();
  const grouped = validation.groupByPropertyName(metadatas);
  for (const [name, rules] of Object.entries(grouped)) {
    const property = compileProperty(metatype, name, rules, new Set([...compiling, metatype]));
    if (!property) return null;
    properties.set(name, property);
  }
  // A field the constructor sets without rules would be whitelisted away by the pipe.
  if (Object.keys(new metatype()).some((key) => !properties.has(key))) return null;
  return { metatype, properties };
}

/** No accessors or methods: class-transformer would skip such keys, and the check does not model that. */
function onlyFields(metatype: DtoClass): boolean {
  for (
    let proto = metatype.prototype as object;
    proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object
  )
    if (Object.getOwnPropertyNames(proto).some((name) => name !== 'constructor')) return false;
  return true;
}

function compileProperty(
  metatype: DtoClass,
  name: string,
  rules: ValidationMetadata[],
  compiling: Set<DtoClass>,
): Property | null {
  if (transformMetadata.findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS).length > 0)
    return null;
  const conditions = rules.filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION);
  if (conditions.some((rule) => rule.name !== IS_OPTIONAL)) return null; // @ValidateIf: the full pipe
  const checks: Check[] = [];
  for (const rule of rules.filter((r) => CHECKS.has(r.type))) {
    for (const constraint of validation.getTargetValidatorConstraints(rule.constraintCls)) {
      if (constraint.async) return null;
      const instance = constraint.instance as { validate: Check['test'] };
      checks.push({
        test: instance.validate.bind(instance),
        each: rule.each,
        constraints: rule.constraints,
        validateIf: rule.validateIf,
      });
    }
  }
  const validatesNested = rules.some((rule) => rule.type === ValidationTypes.NESTED_VALIDATION);
  const type = transformMetadata.findTypeMetadata(metatype, name);
  if (validatesNested !== Boolean(type)) return null; // one without the other: the full pipe
  const property: Property = { name, optional: conditions.length > 0, checks };
  if (!type) return property;
  if (type.options?.discriminator || type.typeFunction.length > 0) return null;
  const nested = compileClass(type.typeFunction() as DtoClass, compiling);
  return nested ? { ...property, nested } : null;
}

/** The instance plainToInstance and the whitelisting pipe would give, if every rule holds. */
function build(compiled: CompiledClass, plain: unknown, forbidUnknown: boolean): object | undefined {
  if (!isPlainObject(plain)) return undefined;
  const instance = new compiled.metatype() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (!isSafeKey(key)) return undefined;
    const property = compiled.properties.get(key);
    if (!property) {
      if (forbidUnknown) return undefined;
      continue; // whitelisted away
    }
    const value = plain[key];
    const built = property.nested ? buildNested(property.nested, value, forbidUnknown) : value;
    if (built === undefined && value !== undefined) return undefined;
    if (!property.nested && !isPlainJson(value)) return undefined;
    instance[key] = built;
  }
  for (const property of compiled.properties.values())
    if (!holds(property, instance, compiled.metatype.name)) return undefined;
  return instance;
}

function buildNested(nested: CompiledClass, value: unknown, forbidUnknown: boolean): unknown {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) return build(nested, value, forbidUnknown);
  const items = value.map((item) => build(nested, item, forbidUnknown));
  return items.includes(undefined) ? undefined : items;
}

/** Every rule of one property, as class-validator's executor runs them (IsOptional skips null and undefined). */
function holds(property: Property, object: Record<string, unknown>, targetName: string): boolean {
  const value = object[property.name];
  if (property.optional && (value === null || value === undefined)) return true;
  if (property.nested && value === null) return false; // "must be either object or array"
  for (const check of property.checks) {
    if (check.validateIf && !check.validateIf(object, value)) continue;
    const args = { targetName, property: property.name, object, value, constraints: check.constraints };
    const values = check.each && Array.isArray(value) ? value : [value];
    for (const item of values) {
      const result = check.test(item, args);
      if (result instanceof Promise) {
        result.catch(() => undefined);
        return false;
      }
      if (!result) return false;
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Keys the pipe strips (prototype pollution) or class-transformer skips (Object.prototype's members). */
const isSafeKey = (key: string) => key !== 'prototype' && !(key in Object.prototype);

/** A value parsed from JSON, with no key the pipe would strip: class-transformer copies it as it is. */
function isPlainJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(isPlainJson);
  return isPlainObject(value) && Object.keys(value).every((key) => isSafeKey(key) && isPlainJson(value[key]));
}
