import type { Scenario } from './types.js';

/** The shortest path to help: one tap on Emergency, the numbers at once, and the team alerted. */
export const emergencyArabic: Scenario = {
  id: 'emergency-ar',
  title: 'Arabic-speaking woman in danger',
  summary:
    'Amal writes in Arabic and is afraid right now. She taps Emergency: Haven gives her the emergency numbers at once and marks the case as urgent for the team. Her messages read right to left.',
  person: { firstName: 'Amal', languageCode: 'ar' },
  steps: [
    { kind: 'say', text: 'مرحبا، أحتاج مساعدة', note: 'Arabic: the phone shows her messages right to left.' },
    { kind: 'wait-for-bot', note: 'Haven greets her in Arabic; Emergency is one tap away.' },
    { kind: 'tap', choice: 'emergency', note: 'She taps Emergency.' },
    {
      kind: 'wait-for-bot',
      note: 'The emergency numbers come first; the case card in the inbox is marked urgent.',
    },
    {
      kind: 'say',
      text: 'أنا خائفة. هو في الغرفة المجاورة ولا أستطيع الخروج.',
      note: '"I am afraid. He is in the next room and I cannot get out."',
    },
    {
      kind: 'caseworker',
      text: 'We see your message and we are calling the police (101) for you now. If you can, stay in a room you can lock. Are you in Antwerp?',
      note: 'A caseworker takes over in the thread.',
    },
    { kind: 'wait-for-bot', note: 'The reply reaches her phone.' },
    { kind: 'say', text: 'نعم، في أنتويرب', note: '"Yes, in Antwerp."' },
  ],
};
