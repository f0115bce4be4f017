import { serve } from '@hono/node-server';
import { expect } from 'vitest';
import { TranslationError } from '../../src/core/translation.js';

type Server = ReturnType<typeof serve>;

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a fake on 127.0.0.1 on a free port; resolves once it listens (`serve` returns before that). */
export function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server: Server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => close(server) }),
    );
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A client that timed out may leave a connection open; it must not hold the test run.
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The TranslationError a translation ends in; fails the test when it succeeds or fails otherwise. */
export async function translationFailure(call: Promise<unknown>): Promise<TranslationError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranslationError);
  return error as TranslationError;
}

/** A text whose words must never appear in an error: if they do, the error leaks a person's message. */
export const SECRET_TEXT = 'Mă numesc Ioana și lucrez la ferma din Geel';
