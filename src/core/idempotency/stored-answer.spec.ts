import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { answerBody, captureAnswer, isStorable } from './stored-answer';

const reply = (statusCode: number, headers: Record<string, string>) =>
  ({ statusCode, getHeader: (name: string) => headers[name] }) as unknown as FastifyReply;

describe('stored answers', () => {
  it('keeps successes, client errors and internal errors, not what may change or asks for a retry', () => {
    expect([200, 201, 204, 304, 400, 404, 409, 422, 500, 502].every(isStorable)).toBe(true);
    expect([401, 403, 408, 429, 503].some(isStorable)).toBe(false);
  });

  it('keeps the headers that describe the answer, not the per-request ones', () => {
    const answer = captureAnswer(
      reply(201, {
        'content-type': 'application/json',
        location: '/things/1',
        'x-request-id': 'r-1',
        'content-length': '2',
      }),
      '{}',
    );

    expect(answer).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', location: '/things/1' },
      body: '{}',
    });
  });

  it('gives back the same bytes: text, binary and empty', () => {
    const binary = Buffer.from([0, 255, 10]);
    for (const [payload, bytes] of [
      ['{"a":"é"}', Buffer.from('{"a":"é"}')],
      [binary, binary],
      [undefined, Buffer.alloc(0)],
      [null, Buffer.alloc(0)],
    ] as const) {
      const answer = captureAnswer(reply(200, {}), payload);
      expect(answerBody(answer!)).toEqual(bytes);
    }
  });

  it('does not keep a streamed body', () => {
    expect(captureAnswer(reply(200, {}), Readable.from(['a']))).toBeUndefined();
  });
});
