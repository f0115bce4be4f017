import { describe, expect, it } from 'vitest';
import { matchesEmergencyWords } from '../../src/core/dialogue/emergency-words.js';
import { testDialogue } from '../support/dialogue.js';

const context = testDialogue();

describe('emergency words', () => {
  it.each([
    ['en', 'I am in DANGER!'],
    ['en', 'sos'],
    ['tr', 'YARDIM EDİN lütfen'],
    ['ro', 'sunt în pericol'],
    ['en', 'please help, danger'],
  ])('recognises a person in danger writing in %s: "%s"', (language, text) => {
    expect(matchesEmergencyWords(text, language, context)).toBe(true);
  });

  it.each([
    ['en', 'endangered species are protected'],
    ['en', 'I have a question about my papers'],
    ['nl', 'ik heb een vraag over mijn loon'],
  ])('does not ring the alarm for an ordinary message in %s: "%s"', (language, text) => {
    expect(matchesEmergencyWords(text, language, context)).toBe(false);
  });
});
