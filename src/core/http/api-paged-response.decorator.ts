import type { Type } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

/** A list's 200: a bare JSON array of `type`, with the paging `Link` header documented. */
export const ApiPagedResponse = (type: Type<unknown>): MethodDecorator =>
  ApiOkResponse({
    type,
    isArray: true,
    description: 'One page, in order.',
    headers: {
      Link: {
        description:
          'RFC 8288 relative links: `first` always, `prev` when page > 1, `next` only when more rows exist.',
        schema: {
          type: 'string',
          example: '<?page=1&per_page=20>; rel="first", <?page=3&per_page=20>; rel="next"',
        },
      },
    },
  });
