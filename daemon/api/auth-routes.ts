// Sign-in routes: first-start setup, password and kiosk-PIN sign-in, sign-out, who am I, own
// password, API tokens; and (user-routes.ts) the users. Needs authPlugin registered first.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { permissionsOf, requirePermission, type Auth, type AuthUser, type SignIn, type TokenRecord } from '../auth/index.js';
import { clearCookie, readCookie, setCookie } from '../auth/cookies.js';
import { actorOf, iso, sendProblem } from './auth-http.js';
import { userRoutes } from './user-routes.js';

export interface AuthRouteDeps {
  auth: Auth;
  /** preHandler factory for permissions (default requirePermission; the same one the other plugins get) */
  permissions?: (permission: string) => preHandlerHookHandler;
}

const Str = (max: number) => Type.String({ minLength: 1, maxLength: max });
const LoginBody = Type.Object({ login: Str(64), password: Str(1024) }, { additionalProperties: false });
const PinBody = Type.Object({ login: Str(64), pin: Str(16) }, { additionalProperties: false });
const SetupBody = Type.Object({ token: Str(128), login: Str(64), name: Str(200), password: Str(1024) }, { additionalProperties: false });
const PasswordBody = Type.Object({ current: Str(1024), password: Str(1024) }, { additionalProperties: false });
const TokenBody = Type.Object({ name: Str(64), role: Str(32) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const publicUser = (u: AuthUser) => ({ id: u.id, login: u.login, name: u.name, role: u.role, via: u.via });
const publicToken = (t: TokenRecord) => ({
  id: t.id, name: t.name, role: t.role, hint: t.hint, createdBy: t.createdBy,
  created: iso(t.created), lastUsed: iso(t.lastUsed), revoked: iso(t.revoked),
});

export const registerAuthRoutes: FastifyPluginAsync<AuthRouteDeps> = async (app, deps) => {
  const { auth } = deps;
  const need = deps.permissions ?? requirePermission;
  const secure = (req: FastifyRequest) => auth.secureCookies || req.protocol === 'https';

  /** Starts a session for a signed-in user; ends the one the browser had (no session fixation). */
  function startSession(req: FastifyRequest, reply: FastifyReply, user: AuthUser) {
    const old = readCookie(req.headers.cookie, auth.cookieName);
    if (old) auth.endSession(old);
    const s = auth.createSession(user);
    reply.header('set-cookie', setCookie(auth.cookieName, s.cookie, { maxAgeS: s.maxAgeS, secure: secure(req) }));
    reply.header('cache-control', 'no-store');
    return { user: publicUser(user), permissions: permissionsOf(user.role), expires: iso(s.expires) };
  }
  async function signedIn(req: FastifyRequest, reply: FastifyReply, attempt: Promise<SignIn>, status = 200) {
    try {
      const r = await attempt;
      if (!r.ok) return sendProblem(reply, r.problem);
      return reply.status(status).send(startSession(req, reply, r.user));
    } catch (err) {
      return sendProblem(reply, err);
    }
  }

  // tells the screen whether to show the setup form; the token itself is only in the daemon's log
  app.get('/api/auth/setup', async () => ({ required: auth.setupRequired() }));

  app.post<{ Body: Static<typeof SetupBody> }>('/api/auth/setup', { schema: { body: SetupBody } }, (req, reply) =>
    signedIn(req, reply, auth.setup(req.body, req.ip), 201),
  );

  app.post<{ Body: Static<typeof LoginBody> }>('/api/auth/login', { schema: { body: LoginBody } }, (req, reply) =>
    signedIn(req, reply, auth.verifyPassword(req.body.login, req.body.password, req.ip)),
  );

  app.post<{ Body: Static<typeof PinBody> }>('/api/auth/pin', { schema: { body: PinBody } }, (req, reply) =>
    signedIn(req, reply, auth.verifyPin(req.body.login, req.body.pin, req.ip)),
  );

  app.post('/api/auth/logout', async (req, reply) => {
    const sid = readCookie(req.headers.cookie, auth.cookieName);
    if (sid) auth.endSession(sid);
    return reply.header('set-cookie', clearCookie(auth.cookieName, secure(req))).status(204).send();
  });

  app.get('/api/auth/me', async (req, reply) => {
    const u = req.user;
    if (!u) return reply.status(401).send({ error: { code: 'RELAIS_AUTH_REQUIRED', message: 'sign in first' } });
    const sid = u.via === 'token' ? null : readCookie(req.headers.cookie, auth.cookieName);
    const s = sid ? auth.session(sid) : null;
    reply.header('cache-control', 'no-store');
    return {
      user: publicUser(u),
      permissions: permissionsOf(u.role),
      session: s ? { kind: s.kind, expires: iso(s.expires), idleExpires: iso(s.idleExpires) } : null,
    };
  });

  app.post<{ Body: Static<typeof PasswordBody> }>('/api/auth/password', { schema: { body: PasswordBody } }, async (req, reply) => {
    const u = req.user;
    if (!u) return reply.status(401).send({ error: { code: 'RELAIS_AUTH_REQUIRED', message: 'sign in first' } });
    if (u.via === 'token') return reply.status(403).send({ error: { code: 'RELAIS_AUTH_FORBIDDEN', message: 'an API token has no password' } });
    // every session of the user ends (a stolen one too); this browser gets a new one
    return signedIn(req, reply, auth.changePassword(u, req.body.current, req.body.password, req.ip));
  });

  app.get('/api/auth/tokens', { preHandler: need('users.manage') }, async () => ({ tokens: auth.tokens.list().map(publicToken) }));

  app.post<{ Body: Static<typeof TokenBody> }>('/api/auth/tokens', { preHandler: need('users.manage'), schema: { body: TokenBody } }, async (req, reply) => {
    const by = req.user!;
    try {
      const { token, record } = auth.tokens.create(req.body.name, req.body.role, typeof by.id === 'number' ? by.id : null);
      auth.audit({ kind: 'auth.token_created', message: `API token ${record.name} (${record.role}) created by ${by.login}`, data: { token: { id: record.id, name: record.name, role: record.role }, by: actorOf(by) } });
      reply.header('cache-control', 'no-store');
      // the only time the token is shown
      return reply.status(201).send({ token, ...publicToken(record) });
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/api/auth/tokens/:id', { preHandler: need('users.manage'), schema: { params: IdParams } }, async (req, reply) => {
    try {
      const record = auth.tokens.revoke(req.params.id);
      auth.audit({ kind: 'auth.token_revoked', message: `API token ${record.name} revoked by ${req.user!.login}`, data: { token: { id: record.id, name: record.name }, by: actorOf(req.user!) } });
      return { token: publicToken(record) };
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  await app.register(userRoutes, { auth, need });
};
