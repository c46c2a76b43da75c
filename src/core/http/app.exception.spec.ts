import { AppException, PlatformException } from './app.exception';

describe('AppException', () => {
  it('is an answer without a stack: its name and message, no frames; the process limit is kept', () => {
    const before = Error.stackTraceLimit;
    const error = PlatformException.notFound('Device');
    expect(error).toBeInstanceOf(AppException);
    expect(error.stack).toBe('Error: Device not found');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /); // other errors keep theirs
  });
});
