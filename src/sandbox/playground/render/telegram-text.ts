/**
 * A bot message's text as the person reads it. The phone shows plain text with its line breaks; for
 * HTML and MarkdownV2 messages the markup is taken out, so the person sees words, not tags.
 */
export function readableText(text: string, parseMode: string | undefined): string {
  if (parseMode === 'HTML') {
    return text
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&amp;/g, '&');
  }
  if (parseMode === 'MarkdownV2') {
    // One pass: an escaped character stays, an unescaped formatting mark goes.
    return text.replace(/\\(.)|\|\||[*_~`]/gs, (_, escaped: string | undefined) => escaped ?? '');
  }
  return text;
}
