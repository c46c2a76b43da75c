import { ApiProperty } from '@nestjs/swagger';

export class PrimisAccessResult {
  @ApiProperty({ enum: ['granted', 'denied'], enumName: 'PrimisAccessOutcome' })
  result: 'granted' | 'denied';

  /** The controlled area decided on; `""` when none was found. @example "110000000001" */
  zoneid: string;

  /** @example "Lobby" */
  zonename: string;

  /** GPS requests only: from the phone to the area, in the area's `unitType`; absent when no area is near. @example 0 */
  distance?: number;

  /** Why the request was denied; `""` when granted. @example "" */
  info: string;
}

export class GeolocationAccessResponse {
  /** @example "ok" */
  status: 'ok';

  primisResult: PrimisAccessResult;
}
