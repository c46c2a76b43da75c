import type { FastifyReply, FastifyRequest } from 'fastify';
import { textOrJson } from './text-or-json';

function exchange(accept?: string) {
  const types: string[] = [];
  const request = { headers: { accept } } as unknown as FastifyRequest;
  const reply = { type: (value: string) => types.push(value) } as unknown as FastifyReply;
  return { request, reply, types };
}

describe('textOrJson', () => {
  it.each([[undefined], ['application/json'], ['*/*'], ['text/plain, application/json']])(
    'answers JSON for accept %p',
    (accept) => {
      const { request, reply, types } = exchange(accept);
      expect(textOrJson(request, reply, { Active: true }, 'active')).toEqual({ Active: true });
      expect(types).toEqual([]);
    },
  );

  it('answers the plain word for accept: text/plain', () => {
    const { request, reply, types } = exchange('text/plain');
    expect(textOrJson(request, reply, { Active: true }, 'active')).toBe('active');
    expect(types).toEqual(['text/plain; charset=utf-8']);
  });
});
