// The fastify side of auth: request.user from the session cookie or a bearer token, the CSRF
// rule for cookie-authenticated changes, and requirePermission() for routes.
//
// CSRF rule (why both): a request that changes something (POST, PUT, PATCH, DELETE) and is
// authenticated by the cookie passes only if it carries `X-Relais: 1` (a page on another site
// cannot add a custom header without a CORS preflight, which Relais never grants) or an `Origin`
// whose host is the request's Host. The site screen always sends X-Relais: 1, which works on
// old tablet browsers that send no Origin or ignore SameSite; Origin lets a plain same-origin
// form post work too. Bearer-token requests are exempt: browsers never add that header by themselves.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Auth } from './auth.js';
import { readCookie } from './cookies.js';
import type { AuthUser } from './problem.js';
import { can, isPermission } from './roles.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by authPlugin for every request: who is asking, or null when anonymous */
    user: AuthUser | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sameOrigin(req: Pick<FastifyRequest, 'headers'>): boolean {
  if (req.headers['x-relais'] === '1') return true;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string') return false;
  try {
    const o = new URL(origin);
    if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
    // normalise default ports the same way on both sides
    return o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false; // `Origin: null` (sandboxed frames, file://) and garbage
  }
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

const authPluginImpl: FastifyPluginAsync<{ auth: Auth }> = async (app, { auth }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    req.user = null;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      // a present but bad Authorization header never falls back to the cookie
      const m = /^Bearer +(\S+)$/i.exec(authorization);
      req.user = m ? auth.tokenUser(m[1]) : null;
      return;
    }
    const sid = readCookie(req.headers.cookie, auth.cookieName);
    if (!sid) return;
    const user = auth.sessionFromCookie(sid);
    if (!user) return;
    if (UNSAFE.has(req.method) && !sameOrigin(req)) {
      auth.countCsrfRefusal();
      return reply
        .status(403)
        .send(errorBody('RELAIS_AUTH_CSRF', 'refused: a cookie-authenticated change must come from the Relais screen (X-Relais: 1 or a same-origin Origin header)'));
    }
    req.user = user;
  });
};
// Like fastify-plugin: the hook and the decorator apply to the whole app, not just this context.
Object.assign(authPluginImpl, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'relais-auth' });

/** `await app.register(authPlugin, { auth })` before the routes it protects. */
export const authPlugin = authPluginImpl;

/**
 * preHandler: 401 RELAIS_AUTH_REQUIRED when anonymous, 403 RELAIS_AUTH_FORBIDDEN when the role
 * lacks the permission. An unknown permission name throws at start-up, never grants.
 */
export function requirePermission(permission: string): preHandlerHookHandler {
  if (!isPermission(permission)) throw new Error(`unknown permission "${permission}" (see daemon/auth/roles.ts)`);
  return async (req, reply) => {
    if (!req.user) return reply.status(401).send(errorBody('RELAIS_AUTH_REQUIRED', 'sign in first'));
    if (!can(req.user.role, permission)) {
      return reply.status(403).send(errorBody('RELAIS_AUTH_FORBIDDEN', `the ${req.user.role} role may not do this (${permission})`));
    }
  };
}

/** The user of a request, for routes and the audit (id, login, role). */
export const userOf = (req: FastifyRequest): AuthUser | null => req.user;
