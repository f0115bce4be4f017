export {
  createTranslator,
  DEFAULT_TRANSLATION_TIMEOUT_MS,
  describeTranslationVariable,
  readTranslationConfig,
  TRANSLATION_HELP,
  type TranslationConfig,
  TranslationConfigError,
  type TranslationEnv,
  translationEnvShape,
  translatorFromEnv,
} from './config.js';
export {
  createDeepLTranslator,
  DEEPL_FREE_API_URL,
  DEEPL_PRO_API_URL,
  type DeepLOptions,
  deeplApiUrlFor,
} from './deepl.js';
export type { FetchLike } from './http.js';
export { DEEPL_CODES, havenLanguageOf, LIBRETRANSLATE_CODES, languageName } from './languages.js';
export { createLibreTranslateTranslator, type LibreTranslateOptions } from './libretranslate.js';
export { keepingLiterals, literalsIn } from './literals.js';
