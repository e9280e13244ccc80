import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, getMetadataStorage, IsArray, IsInt, IsISO8601, IsOptional, Matches, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { isLocalDate, MAX_FILES_PER_ACTION } from '@duban/domain';

/**
 * Leaves route parameters as the strings they arrived as: a parameter pipe (ParseIdPipe)
 * judges them, and "0x1F" or "+1" must not reach it already turned into a number.
 */
class RequestValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/** Request validation for every route: unknown fields are errors; messages name the field. */
export function requestValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
const REMEMBERED = Symbol('duban.rememberedValidationRules');

/**
 * class-validator finds a class's rules on every validation by testing every decorated class for
 * an ancestor of it (typestack/class-validator#2686): about 3% of the api's CPU on a list request.
 * The rules are fixed once the classes are loaded, so each class's answer is kept (per set of
 * options) with its grouping by property, and all are forgotten when any class registers a rule
 * later.
 */
export function rememberValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  const patched = storage as MetadataStorage & { [REMEMBERED]?: true };
  if (patched[REMEMBERED]) return;
  patched[REMEMBERED] = true;
  let known = new WeakMap<object, Map<string, ReturnType<MetadataStorage['getTargetValidationMetadatas']>>>();
  const find = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let rules = byOptions.get(options);
    if (!rules) byOptions.set(options, (rules = find(target, schema, always, strictGroups, groups)));
    return rules;
  };
  // The same rules are grouped by property on every validation too: their grouping is kept with them.
  const grouped = new WeakMap<object, ReturnType<MetadataStorage['groupByPropertyName']>>();
  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = group(rules)));
    return byProperty;
  };
}

// DATETIME holds years 1000–9999; Duban has no business before 1970 either.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant with an explicit zone: `2026-07-20T23:59:59+08:00` or `…Z`, in 1970–9999 UTC. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isInstantInRange',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || Number.isNaN(Date.parse(value)) || (Date.parse(value) >= EARLIEST && Date.parse(value) <= LATEST),
          defaultMessage: (args) => `${args?.property ?? 'value'} must lie between 1970 and 9999 (UTC)`,
        },
      },
      options,
    ),
    IsISO8601({ strict: true, strictSeparator: true }, { message: ({ property }) => `${property} must be an ISO 8601 date-time`, ...options }),
    Matches(ZONED_INSTANT, {
      message: ({ property }) => `${property} must be an ISO 8601 date-time with a zone (Z or ±hh:mm)`,
      ...options,
    }),
  );
}

/** A range bound: a calendar date `YYYY-MM-DD` from 1970 (read in the profile's zone) or a zoned instant in 1970–9999. */
export function IsDateOrInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOrInstant',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isLocalDate(value) && value >= '1970-01-01';
          const at = Date.parse(value);
          return ZONED_INSTANT.test(value) && !Number.isNaN(at) && at >= EARLIEST && at <= LATEST;
        },
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date YYYY-MM-DD or an ISO 8601 date-time with a zone (Z or ±hh:mm), from 1970`,
      },
    },
    options,
  );
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isLocalDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** Text that is more than whitespace. */
export const NotBlank = (options?: ValidationOptions) => Matches(/\S/, { message: ({ property }) => `${property} must not be blank`, ...options });

/** Query booleans: "true" and "false" become booleans; anything else stays for the validator to refuse. */
export const ToBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** A query value of comma-separated items becomes an array (a repeated parameter already is one). */
export const CommaList = () => Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value));

/** Trims nothing, but turns query strings like "3" into numbers before validation. */
export const ToNumber = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

const MAX_ID = 4_294_967_295;

/** Route ids: positive integers, otherwise 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(private readonly name = 'id') {}

  transform(value: string): number {
    if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ID) {
      throw new BadRequestException(`${this.name} must be a positive integer`);
    }
    return Number(value);
  }
}

/** An action's evidence files (`fileIds`): ids of the caller's uploads, at most 10. */
export const FileIds = () =>
  applyDecorators(
    IsOptional(),
    IsArray({ message: 'fileIds must be an array of file ids' }),
    ArrayMaxSize(MAX_FILES_PER_ACTION, { message: `fileIds: at most ${MAX_FILES_PER_ACTION} files per action` }),
    IsInt({ each: true, message: 'fileIds must hold file ids (positive integers)' }),
    Min(1, { each: true, message: 'fileIds must hold file ids (positive integers)' }),
    Max(MAX_ID, { each: true, message: 'fileIds must hold file ids (positive integers)' }),
  );
