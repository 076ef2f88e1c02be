// `http:` where the local screen and API listen. Loopback by default: exposing the panel on the
// school network is a decision someone takes on purpose.
import { Type, type Static } from '@sinclair/typebox';
import { Host, Port, Strict } from './common.js';

export const HttpSchema = Type.Object(
  {
    host: Host('127.0.0.1'),
    port: Port(8080),
    // session cookies only over HTTPS: set true when a TLS proxy serves the screen
    secureCookies: Type.Boolean({ default: false }),
  },
  Strict,
);
export type HttpSettings = Static<typeof HttpSchema>;
