/**
 * Office hours: "Mon-Fri 09:00-17:00" (several ranges separated by ";", e.g. "Mon-Thu 09:00-17:00; Fri
 * 09:00-12:00"), in a time zone such as Europe/Brussels. Intl only, so it runs on Node and Workers.
 */
export interface OfficeHours {
  /** Per weekday (1 = Monday … 7 = Sunday): open ranges in minutes since midnight. */
  ranges: Map<number, { from: number; to: number }[]>;
  timeZone: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Parses a spec, or throws an Error saying what is wrong with it (for the configuration check). */
export function parseOfficeHours(spec: string, timeZone: string): OfficeHours {
  new Intl.DateTimeFormat('en', { timeZone }); // throws RangeError on an unknown zone
  const ranges = new Map<number, { from: number; to: number }[]>();
  for (const part of spec
    .split(';')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const match =
      /^([a-z]{3})(?:\s*[-–]\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/i.exec(part);
    if (!match) throw new Error(`"${part}" is not like "Mon-Fri 09:00-17:00"`);
    const first = DAYS.indexOf(match[1]!.toLowerCase());
    const last = match[2] ? DAYS.indexOf(match[2].toLowerCase()) : first;
    if (first < 0 || last < 0) throw new Error(`"${part}" names an unknown weekday`);
    const from = Number(match[3]) * 60 + Number(match[4]);
    const to = Number(match[5]) * 60 + Number(match[6]);
    if (from >= to || to > 24 * 60) throw new Error(`"${part}" does not open before it closes`);
    for (let day = first; ; day = (day + 1) % 7) {
      ranges.set(day + 1, [...(ranges.get(day + 1) ?? []), { from, to }]);
      if (day === last) break;
    }
  }
  if (ranges.size === 0) throw new Error('no opening hours given');
  return { ranges, timeZone };
}

/** Weekday (1-7) and minutes since midnight of `at` in the time zone. */
function localTime(at: number, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    day: DAYS.indexOf(value('weekday').toLowerCase().slice(0, 3)) + 1,
    minutes: Number(value('hour')) * 60 + Number(value('minute')),
  };
}

export function isOpen(hours: OfficeHours, at: number): boolean {
  const { day, minutes } = localTime(at, hours.timeZone);
  return (hours.ranges.get(day) ?? []).some((range) => minutes >= range.from && minutes < range.to);
}

/** The next moment the team is in (to the minute), within a week; undefined if never. */
export function nextOpening(hours: OfficeHours, at: number): number | undefined {
  const step = 60_000;
  const start = Math.ceil(at / step) * step;
  for (let moment = start; moment < start + 8 * 24 * 60 * step; moment += step * 15) {
    if (!isOpen(hours, moment)) continue;
    // Walk back to the exact minute it opened.
    let exact = moment;
    while (exact - step >= start && isOpen(hours, exact - step)) exact -= step;
    return exact;
  }
  return undefined;
}

/** "Monday 09:00" in the person's language and the centre's time zone. */
export function describeMoment(at: number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

/**
 * The moment `minutes` of office time have passed since `at`: time outside the hours does not count, so a
 * message written on Friday evening is "late" on Monday morning, not on Saturday. Without hours every
 * minute counts. Undefined when the hours never open again within a week.
 */
export function afterOfficeMinutes(
  hours: OfficeHours | undefined,
  at: number,
  minutes: number,
): number | undefined {
  if (!hours) return at + minutes * 60_000;
  const step = 60_000;
  let moment = at;
  let left = minutes;
  // Bounded: at most a week of closed time is skipped per opening, and `minutes` open minutes are counted.
  for (let guard = 0; left > 0 && guard < 8 * 24 * 60; guard += 1) {
    if (!isOpen(hours, moment)) {
      const opening = nextOpening(hours, moment);
      if (opening === undefined) return undefined;
      moment = opening;
      continue;
    }
    moment += step;
    left -= 1;
  }
  return left > 0 ? undefined : moment;
}
