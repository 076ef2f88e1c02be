// Users, for administrators: list, create, change (role, name, password, PIN, disabled, unlock),
// and "delete", which disables (the audit keeps referring to the person). Registered by
// registerAuthRoutes.
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Auth, UserRecord } from '../auth/index.js';
import { actorOf, iso, sendProblem } from './auth-http.js';

const Str = (max: number) => Type.String({ minLength: 1, maxLength: max });
const NewUserBody = Type.Object(
  { login: Str(64), name: Str(200), role: Str(32), password: Str(1024), pin: Type.Optional(Str(16)) },
  { additionalProperties: false },
);
// `type: [string, null]` rather than anyOf: with coerceTypes, ajv would turn null into "" in an anyOf
const NullablePin = Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 16 });
const PatchBody = Type.Object(
  {
    role: Type.Optional(Str(32)),
    name: Type.Optional(Str(200)),
    password: Type.Optional(Str(1024)),
    /** null removes the PIN */
    pin: Type.Optional(NullablePin),
    disabled: Type.Optional(Type.Boolean()),
    /** clears a lockout of this login */
    unlock: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false, minProperties: 1 },
);
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
// response schemas: a hash can never leave by mistake (fast-json-stringify drops unknown fields)
const User = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  name: Type.String(),
  role: Type.String(),
  hasPin: Type.Boolean(),
  disabled: Type.Boolean(),
  created: Type.String(),
  updated: Type.String(),
});
const OneUser = Type.Object({ user: User });

const publicUser = (u: UserRecord) => ({ ...u, created: iso(u.created)!, updated: iso(u.updated)! });
const target = (u: UserRecord) => ({ id: u.id, login: u.login, role: u.role });

export const userRoutes: FastifyPluginAsync<{ auth: Auth; need: (permission: string) => preHandlerHookHandler }> = async (app, { auth, need }) => {
  const admin = need('users.manage');

  app.get('/api/users', { preHandler: admin, schema: { response: { 200: Type.Object({ users: Type.Array(User) }) } } }, async () => ({
    users: auth.users.list().map(publicUser),
  }));

  app.post<{ Body: Static<typeof NewUserBody> }>(
    '/api/users',
    { preHandler: admin, schema: { body: NewUserBody, response: { 201: OneUser } } },
    async (req, reply) => {
      try {
        const u = await auth.users.create(req.body);
        auth.audit({ kind: 'auth.user_created', message: `user ${u.login} (${u.role}) created by ${req.user!.login}`, data: { target: target(u), by: actorOf(req.user!) } });
        return reply.status(201).send({ user: publicUser(u) });
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PatchBody> }>(
    '/api/users/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: OneUser } } },
    async (req, reply) => {
      try {
        const { unlock, ...patch } = req.body;
        if (unlock) auth.users.unlock(req.params.id);
        const u = Object.keys(patch).length ? await auth.users.update(req.params.id, patch) : auth.users.get(req.params.id)!;
        // the audit says what changed, never the secrets themselves
        const changed = Object.keys(req.body);
        auth.audit({ kind: 'auth.user_changed', message: `user ${u.login} changed by ${req.user!.login}: ${changed.join(', ')}`, data: { target: target(u), changed, by: actorOf(req.user!) } });
        return { user: publicUser(u) };
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/users/:id',
    { preHandler: admin, schema: { params: IdParams, response: { 200: OneUser } } },
    async (req, reply) => {
      try {
        const u = await auth.users.update(req.params.id, { disabled: true });
        auth.audit({ kind: 'auth.user_disabled', message: `user ${u.login} disabled by ${req.user!.login}`, data: { target: target(u), by: actorOf(req.user!) } });
        return { user: publicUser(u) };
      } catch (err) {
        return sendProblem(reply, err);
      }
    },
  );
};
