import { applyDecorators, HttpStatus, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Upserted } from './site-model.store';

/** The answer of a create-or-replace PUT: 201 with the record when it was new, 200 when it was replaced. */
export function putResult<T, R>(
  reply: FastifyReply,
  { record, created }: Upserted<T>,
  view: (record: T) => R,
): R {
  void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
  return view(record);
}

/** Documents both answers of a create-or-replace PUT. */
export const ApiPutResponses = (type: Type<unknown>): MethodDecorator =>
  applyDecorators(
    ApiCreatedResponse({ type, description: 'Created: no record had this id.' }),
    ApiOkResponse({ type, description: 'Replaced: the record with this id now holds the body.' }),
  );
