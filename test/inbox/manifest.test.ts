import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../src/config.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; url: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(new URL('../../slack/manifest.yaml', import.meta.url), 'utf8'),
) as Manifest;

describe('slack/manifest.yaml', () => {
  it('sends events and interactivity to the one route Haven serves them on', () => {
    expect(manifest.settings.event_subscriptions.request_url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
    });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('sends the /haven command to the same route, unescaped, as Haven parses it', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/haven',
        url: `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
        should_escape: false,
      }),
    ]);
  });

  it('subscribes to what the adapter listens for, and asks for the scopes its calls need, no more', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'message.channels',
      'message.groups',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // chat.postMessage/update/delete; reactions.add; the message events of public and private channels;
    // the /haven command; files.uploadV2 and files.delete; downloading a caseworker's file.
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'channels:history',
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'groups:history',
      'reactions:write',
    ]);
  });
});
