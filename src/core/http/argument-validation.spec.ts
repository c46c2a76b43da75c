import { Body, Controller, Param, Post, Query, Req, UploadedFile } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteHandler } from './around-handler';
import { argumentValidation } from './argument-validation';

class NoteDto {
  text!: string;
}

@Controller('notes')
class NotesController {
  @Post(':id')
  write(
    @Param('id') id: string,
    @Body() note: NoteDto,
    @Query('count') count: number,
    @Req() request: unknown,
  ): unknown[] {
    return [id, note, count, request];
  }

  @Post('file')
  upload(@UploadedFile() file: unknown): unknown {
    return file;
  }
}

/** A pipe that records what it was asked and answers tagged values, a promise for queries. */
function recordingPipe() {
  const seen: ArgumentMetadata[] = [];
  return {
    seen,
    transform: (value: unknown, metadata: ArgumentMetadata) => {
      seen.push(metadata);
      return metadata.type === 'query' ? Promise.resolve(Number(value)) : { checked: value };
    },
  };
}

function attached(pipe: ReturnType<typeof recordingPipe>, controller: object) {
  const app = {
    get: (token: unknown) =>
      typeof token === 'function' && token.name === 'DiscoveryService'
        ? { getControllers: () => [{ instance: controller }] }
        : pipe,
  };
  argumentValidation.attach(app as unknown as NestFastifyApplication);
}

const site = (name: string) => ({ controller: NotesController, name, method: RequestMethod.POST });

describe('argumentValidation', () => {
  it('runs the pipe on the body and query arguments, in order, and not on a string path parameter', async () => {
    const controller = new NotesController();
    const pipe = recordingPipe();
    attached(pipe, controller);
    const handler = NotesController.prototype.write as RouteHandler;
    const wrapped = argumentValidation.wrap(handler, site('write'));

    const answer = await wrapped.call(controller, 'n-1', { text: 'hi' }, '3', 'the request');

    expect(answer).toEqual(['n-1', { checked: { text: 'hi' } }, 3, 'the request']);
    expect(pipe.seen).toEqual([
      { type: 'body', metatype: NoteDto, data: undefined },
      { type: 'query', metatype: Number, data: 'count' },
    ]);
    expect(wrapped.name).toBe('write');
  });

  it('answers without a promise when every check does', () => {
    const controller = new NotesController();
    const pipe = { transform: (value: unknown) => value };
    attached(pipe as never, controller);
    const handler = function read(this: NotesController, note: NoteDto) {
      return note;
    };
    Reflect.defineMetadata('design:paramtypes', [NoteDto], NotesController.prototype, 'read');
    Body()(NotesController.prototype, 'read', 0);

    const answer = argumentValidation.wrap(handler as RouteHandler, site('read')).call(controller, 'x');

    expect(answer).toBe('x');
  });

  it('refuses at start-up a route whose argument it would leave unchecked', () => {
    const handler = NotesController.prototype.upload;
    expect(() => argumentValidation.wrap(handler, site('upload'))).toThrow(
      'upload: argument 0 would go unvalidated (FILE)',
    );
  });
});
