// Auth errors carry their HTTP status, so the routes answer them as they are.
import { RelaisError, type ErrorCode } from '../../common/errors.js';
import type { Role } from './roles.js';

export class AuthProblem extends RelaisError {
  constructor(
    readonly statusCode: number,
    code: ErrorCode,
    message: string,
    /** seconds, for 429 */
    readonly retryAfterS?: number,
  ) {
    super(code, message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badRequest = (message: string) => new AuthProblem(400, 'RELAIS_API_BAD_REQUEST', message);

/** Who made a request: written to the audit with every action (id, login, role). */
export interface AuthUser {
  /** users.id; for an API token the string `token:<id>`, so the audit never mixes the two */
  id: number | string;
  /** the user's login; for an API token `token:<name>` (a colon never appears in a login) */
  login: string;
  name: string;
  role: Role;
  /** how this request was authenticated */
  via: 'password' | 'pin' | 'token';
}
