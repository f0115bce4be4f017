/** 1 MB as file limits count it (Telegram's 20 MB and 50 MB are binary megabytes). */
export const MB = 1024 * 1024;

/**
 * A file size as caseworkers read it: "820 B", "14.2 KB", "34.5 MB". Unit symbols, no words, so the same
 * in every inbox language.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < MB ? [bytes / 1024, 'KB'] : [bytes / MB, 'MB'];
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${unit}`;
}
