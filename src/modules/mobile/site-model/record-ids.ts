import { Injectable, type PipeTransform } from '@nestjs/common';
import { DateTime } from 'luxon';
import { PlatformException } from '../../../core/http/app.exception';

/** Text ids (sites, controlled areas, beacons): what stays readable in a path, exact, up to 64 characters. */
export const TEXT_ID = /^[A-Za-z0-9._~-]{1,64}$/;
export const TEXT_ID_RULE = '1 to 64 letters, digits or . _ ~ -';
export const MAX_INT_ID = 2_147_483_647;

/** A text id in the path; anything else is a 400. */
@Injectable()
export class TextIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TEXT_ID.test(value)) throw PlatformException.badRequest(`the id must be ${TEXT_ID_RULE}`);
    return value;
  }
}

/** A number id in the path (schedules, access groups: numbers in the spec), 1 to 2^31-1. */
@Injectable()
export class IntIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(id <= MAX_INT_ID))
      throw PlatformException.badRequest(`the id must be an integer from 1 to ${MAX_INT_ID}`);
    return id;
  }
}

/** A calendar date in the path, `YYYY-MM-DD`. */
@Injectable()
export class DatePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid)
      throw PlatformException.badRequest('the date must be a calendar date, YYYY-MM-DD');
    return value;
  }
}
