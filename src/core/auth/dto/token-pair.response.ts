export class TokenPairResponse {
  /** JWT (HS256) for `Authorization: Bearer ...`. */
  accessToken: string;
  /** Single use: present it to /api/v1/auth/refresh for a new pair. Re-using one revokes the session. */
  refreshToken: string;
  /** @example Bearer */
  tokenType: 'Bearer';
  /** Access token lifetime in seconds. */
  expiresIn: number;
}
