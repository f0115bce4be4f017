import type { Api } from 'grammy';
import type { LanguageCode } from 'grammy/types';
import type { Logger } from '../../core/index.js';

/** Language code ("" for everyone else) → the commands and their descriptions in that language. */
export type CommandMenus = Record<string, { command: string; description: string }[]>;

/**
 * Publishes the "/" menu in every shipped language, so a person sees /exit or /human described in their
 * own words. A failure is logged and does not stop Haven: the commands work without the menu.
 */
export async function publishCommands(api: Api, menus: CommandMenus, logger: Logger): Promise<void> {
  for (const [language, commands] of Object.entries(menus)) {
    try {
      const scope = { type: 'all_private_chats' as const };
      await api.setMyCommands(
        commands,
        language ? { scope, language_code: language as LanguageCode } : { scope },
      );
    } catch (error) {
      logger.warn({ language, err: (error as Error).name }, 'could not publish the command menu');
    }
  }
}
