/** "14:05" in the server's time zone: the playground runs on the machine in front of its user. */
export function clock(epochMs: number): string {
  const date = new Date(epochMs);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
