import { describe, expect, it } from 'vitest';
import {
  issueResumeCode,
  parseResumeCode,
  RESUME_CODE_SPACE,
  RESUME_LIMITS,
  verifyResumeSecret,
} from '../../src/core/resume/resume-code.js';

describe('resume codes', () => {
  it('issues a 12-character code whose secret verifies, and only its secret', async () => {
    const issued = await issueResumeCode();
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const parsed = parseResumeCode(issued.code)!;
    expect(parsed.selector).toBe(issued.selector);
    expect(await verifyResumeSecret(parsed.secret, issued.salt, issued.hash)).toBe(true);
    const wrong = parsed.secret.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect(await verifyResumeSecret(wrong, issued.salt, issued.hash)).toBe(false);
    // The hash is salted: the same secret under another salt looks nothing alike.
    const again = await issueResumeCode();
    expect(again.hash).not.toBe(issued.hash);
  });

  it('forgives spaces, lower case, look-alike letters and direction marks copied from an RTL message', () => {
    expect(parseResumeCode(' abcd efgh jkmn ')).toEqual({ selector: 'ABCD', secret: 'EFGHJKMN' });
    expect(parseResumeCode('\u2068ABCD-EFGH-JKMN\u2069')).toEqual({ selector: 'ABCD', secret: 'EFGHJKMN' });
    expect(parseResumeCode('OOOO-IIII-LLLL')).toEqual({ selector: '0000', secret: '11111111' });
    expect(parseResumeCode('too short')).toBeUndefined();
    expect(parseResumeCode('ABCD-EFGH-JKM!')).toBeUndefined();
  });

  it('makes guessing impractical: with the limits, a year of guessing at the installation-wide limit finds one of 10,000 live codes with odds under one in ten million', () => {
    const guessesPerYear = RESUME_LIMITS.globalPerHour * 24 * 365;
    const liveCodes = 10_000;
    const odds = (guessesPerYear * liveCodes) / RESUME_CODE_SPACE;
    expect(RESUME_CODE_SPACE).toBe(32 ** 12);
    expect(odds).toBeLessThan(1e-7);
  });
});
