import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

export const OPERATION_ID = 'http:operation-id';

export interface OperationOptions {
  /** Stable, human operationId: client generators name methods after it; audit events use it as action. */
  id: string;
  summary: string;
  description?: string;
}

export function Operation({ id, summary, description }: OperationOptions): MethodDecorator {
  return applyDecorators(
    SetMetadata(OPERATION_ID, id),
    ApiOperation({ operationId: id, summary, description }),
  );
}
