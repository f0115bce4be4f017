import enCommon from '../../locales/en/common.json' with { type: 'json' };
import enInbox from '../../locales/en/inbox.json' with { type: 'json' };
import nlCommon from '../../locales/nl/common.json' with { type: 'json' };
import nlInbox from '../../locales/nl/inbox.json' with { type: 'json' };

/**
 * Every shipped text, bundled by import so no runtime needs a file system (Workers has none).
 * A new language is a folder in locales/ plus its lines here.
 */
export const resources = {
  en: { common: enCommon, inbox: enInbox },
  nl: { common: nlCommon, inbox: nlInbox },
} as const;

export type Language = keyof typeof resources;
export const LANGUAGES = Object.keys(resources) as Language[];
export const NAMESPACES = Object.keys(resources.en) as (keyof (typeof resources)['en'])[];
export const FALLBACK_LANGUAGE: Language = 'en';
