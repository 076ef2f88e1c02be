// Small helpers shared by the auth and user routes.
import type { FastifyReply } from 'fastify';
import { AuthProblem, type AuthUser } from '../auth/index.js';

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Who did it, as the audit stores it. */
export const actorOf = (u: AuthUser) => ({ id: u.id, login: u.login, role: u.role });

/** Answers an AuthProblem as `{error:{code,message}}` with its status; anything else is a 500. */
export function sendProblem(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof AuthProblem)) throw err;
  if (err.retryAfterS !== undefined) reply.header('retry-after', String(err.retryAfterS));
  return reply.status(err.statusCode).send(err.body());
}
