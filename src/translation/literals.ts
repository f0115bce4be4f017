import type { Translation, TranslationRequest, Translator } from '../core/translation.js';

/**
 * Links, e-mail addresses and phone numbers must reach the reader exactly as written: a caseworker's
 * "call us on +32 3 201 16 90" is useless, even dangerous, with one digit moved. Neither provider promises
 * to keep them in plain-text mode, and their markup modes are no better here (LibreTranslate's HTML mode
 * collapses line breaks; placeholder tokens are not guaranteed to survive either engine). So Haven sends
 * the text as it is, then checks that every such literal came back unchanged. Any that did not are
 * appended, exactly as written, below the translation and listed in `altered`, so the inbox can say so.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
/** A run of digits and the separators people type in phone numbers, starting with + or 0. */
const PHONE = /(?<![\p{L}\p{N}+])\(?(?:\+|0)[\d \u00a0()./-]{6,}\d(?![\p{L}\p{N}])/gu;
const DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
const TRAILING_PUNCTUATION = /[.,;:!?'"»\]}]+$/u;

/** The links, e-mail addresses and phone numbers in `text`, each once, in the order found. */
export function literalsIn(text: string): string[] {
  const found: string[] = [];
  // Each kind is masked once found, so digits inside a URL or an address are not read as a phone number.
  let rest = text;
  for (const [pattern, clean] of [
    [EMAIL, (match: string) => match],
    [URL, trimUrl],
    [PHONE, cleanPhone],
  ] as const) {
    rest = rest.replace(pattern, (match) => {
      const literal = clean(match);
      if (literal) found.push(literal);
      return ' ';
    });
  }
  return [...new Set(found)];
}

/** Wraps a translator so that every literal of the original is in the translation it returns. */
export function keepingLiterals(translator: Translator): Translator {
  return {
    provider: translator.provider,
    async translate(request: TranslationRequest): Promise<Translation> {
      const translation = await translator.translate(request);
      const altered = literalsIn(request.text).filter((literal) => !translation.text.includes(literal));
      if (altered.length === 0) return translation;
      return { ...translation, text: `${translation.text}\n\n${altered.join('\n')}`, altered };
    },
  };
}

/** Drops sentence punctuation after a URL, and a closing bracket that the URL did not open. */
function trimUrl(match: string): string {
  let url = match.replace(TRAILING_PUNCTUATION, '');
  while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

/** A phone number has 8 to 15 digits (E.164) and is not a date such as 03.04.2025. */
function cleanPhone(match: string): string | undefined {
  const phone = match.startsWith('(') && !match.includes(')') ? match.slice(1) : match;
  const digits = phone.replace(/\D/g, '').length;
  if (digits < 8 || digits > 15 || DATE.test(phone)) return undefined;
  return phone;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
