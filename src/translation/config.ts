import { z } from 'zod';
import { noTranslator, type Translator } from '../core/translation.js';
import { createDeepLTranslator, deeplApiUrlFor } from './deepl.js';
import type { FetchLike } from './http.js';
import { createLibreTranslateTranslator } from './libretranslate.js';
import { keepingLiterals } from './literals.js';

/**
 * The translation part of Haven's environment contract, kept apart so the main config can merge it:
 * `translationEnvShape` goes into its zod object, `TRANSLATION_HELP` into its help texts, and
 * `readTranslationConfig` turns the parsed values into a `TranslationConfig` plus problems to report.
 * `translatorFromEnv` does all of it for code that only needs a Translator. Pure: nothing here reads
 * `process` or talks to a provider.
 */

export const TRANSLATION_HELP: Record<string, string> = {
  TRANSLATION_PROVIDER:
    'none (default: no machine translation), libretranslate (your own server: nothing leaves your infrastructure) or deepl',
  LIBRETRANSLATE_URL:
    'the base URL of your own LibreTranslate server, e.g. http://127.0.0.1:5000 (run one with `docker run -p 5000:5000 libretranslate/libretranslate`; see https://github.com/LibreTranslate/LibreTranslate)',
  LIBRETRANSLATE_API_KEY:
    'only needed when your LibreTranslate server runs with --api-keys: a key from its `ltmanage keys add`',
  DEEPL_API_KEY: 'create one at https://www.deepl.com/your-account/keys (Free keys end in :fx)',
  DEEPL_API_URL:
    'leave unset: https://api-free.deepl.com for Free keys (ending in :fx), https://api.deepl.com for Pro keys',
  TRANSLATION_TIMEOUT_MS: 'how long to wait for a translation, in milliseconds, 500-60000 (default 10000)',
};

export const DEFAULT_TRANSLATION_TIMEOUT_MS = 10_000;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const urlText = z.url({ protocol: /^https?$/ });

export const translationEnvShape = {
  TRANSLATION_PROVIDER: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['none', 'libretranslate', 'deepl']))
    .default('none'),
  LIBRETRANSLATE_URL: optionalText.pipe(urlText.optional()),
  LIBRETRANSLATE_API_KEY: optionalText,
  DEEPL_API_KEY: optionalText,
  DEEPL_API_URL: optionalText.pipe(urlText.optional()),
  TRANSLATION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(60_000)
    .default(DEFAULT_TRANSLATION_TIMEOUT_MS),
};

const translationEnvSchema = z.object(translationEnvShape);

export type TranslationEnv = z.infer<typeof translationEnvSchema>;

export type TranslationConfig =
  | { provider: 'none' }
  | { provider: 'libretranslate'; url: string; apiKey: string | undefined; timeoutMs: number }
  | { provider: 'deepl'; apiKey: string; apiUrl: string; timeoutMs: number };

export class TranslationConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Machine translation is misconfigured:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TranslationConfigError';
  }
}

/** One problem line, in the main config's style: the variable, what is wrong, where to get it right. */
export function describeTranslationVariable(variable: string, problem: string): string {
  const help = TRANSLATION_HELP[variable];
  return help ? `${variable} ${problem}: ${help}` : `${variable} ${problem}`;
}

/** The provider's settings, or the problems that stop it: a variable its provider needs is missing. */
export function readTranslationConfig(vars: TranslationEnv): {
  config: TranslationConfig;
  problems: string[];
} {
  const required = (name: 'LIBRETRANSLATE_URL' | 'DEEPL_API_KEY') =>
    describeTranslationVariable(name, `is required when TRANSLATION_PROVIDER=${vars.TRANSLATION_PROVIDER}`);

  switch (vars.TRANSLATION_PROVIDER) {
    case 'none':
      return { config: { provider: 'none' }, problems: [] };
    case 'libretranslate':
      if (!vars.LIBRETRANSLATE_URL)
        return { config: { provider: 'none' }, problems: [required('LIBRETRANSLATE_URL')] };
      return {
        config: {
          provider: 'libretranslate',
          url: vars.LIBRETRANSLATE_URL,
          apiKey: vars.LIBRETRANSLATE_API_KEY,
          timeoutMs: vars.TRANSLATION_TIMEOUT_MS,
        },
        problems: [],
      };
    case 'deepl':
      if (!vars.DEEPL_API_KEY) return { config: { provider: 'none' }, problems: [required('DEEPL_API_KEY')] };
      return {
        config: {
          provider: 'deepl',
          apiKey: vars.DEEPL_API_KEY,
          apiUrl: vars.DEEPL_API_URL ?? deeplApiUrlFor(vars.DEEPL_API_KEY),
          timeoutMs: vars.TRANSLATION_TIMEOUT_MS,
        },
        problems: [],
      };
  }
}

/** The Translator a configuration asks for; providers are wrapped so links and numbers survive. */
export function createTranslator(config: TranslationConfig, options: { fetch?: FetchLike } = {}): Translator {
  switch (config.provider) {
    case 'none':
      return noTranslator;
    case 'libretranslate':
      return keepingLiterals(createLibreTranslateTranslator({ ...config, ...options }));
    case 'deepl':
      return keepingLiterals(createDeepLTranslator({ ...config, ...options }));
  }
}

/**
 * Parses the translation variables of `env` and builds the Translator. Throws a TranslationConfigError
 * listing every problem, each naming the variable and how to get a correct value.
 */
export function translatorFromEnv(
  env: Record<string, string | undefined>,
  options: { fetch?: FetchLike } = {},
): Translator {
  // As in the main config: a variable set to nothing (`DEEPL_API_KEY=` in .env) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const parsed = translationEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new TranslationConfigError(
      parsed.error.issues.map((issue) =>
        describeTranslationVariable(String(issue.path[0] ?? 'environment'), `is invalid (${issue.message})`),
      ),
    );
  }
  const { config, problems } = readTranslationConfig(parsed.data);
  if (problems.length > 0) throw new TranslationConfigError(problems);
  return createTranslator(config, options);
}
