import type { Hono } from 'hono';
import { SANDBOX } from '../../config.js';
import { Playground, type PlaygroundOptions } from './playground.js';
import { playgroundRoutes } from './routes.js';
import { SCENARIOS } from './scenarios/index.js';

export { Playground, type PlaygroundOptions, type SimulatedPerson } from './playground.js';
export { playgroundRoutes } from './routes.js';
export { type RunStatus, runScenario, ScenarioStepError } from './scenario-runner.js';
export { SCENARIOS } from './scenarios/index.js';
export type { Scenario, ScenarioStep } from './scenarios/types.js';

export type CreatePlaygroundOptions = Omit<PlaygroundOptions, 'inboxChannel' | 'telegramToken'> &
  Partial<Pick<PlaygroundOptions, 'inboxChannel' | 'telegramToken'>>;

/**
 * The sandbox's playground: the whole product in a browser, no accounts. Mount the returned app at `/`
 * next to the fakes. Channel and token default to the sandbox's fixed ones; `reset` (optional) wipes
 * Haven's storage when the page's Reset button is pressed.
 */
export function createPlayground(options: CreatePlaygroundOptions): Hono {
  const playground = new Playground({
    inboxChannel: SANDBOX.inboxChannel,
    telegramToken: SANDBOX.telegramToken,
    scenarios: SCENARIOS,
    ...options,
  });
  return playgroundRoutes(playground);
}
