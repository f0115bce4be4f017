import type { Scenario } from './types.js';

/** Screening in the person's own language, with buttons and her own words, then a caseworker. */
export const withheldWagesRomanian: Scenario = {
  id: 'withheld-wages-ro',
  title: 'Romanian worker, wages withheld',
  summary:
    'Ioana picks vegetables near Sint-Katelijne-Waver and has not been paid for three months. Her phone is set to Romanian; she answers the screening questions, partly in her own words.',
  person: { firstName: 'Ioana', languageCode: 'ro' },
  steps: [
    {
      kind: 'say',
      text: 'Bună ziua. Am nevoie de ajutor, vă rog.',
      note: 'Her Telegram app reports Romanian (ro): Haven answers in Romanian without asking.',
    },
    { kind: 'wait-for-bot', note: 'Haven greets her and offers a few ways to go on.' },
    { kind: 'tap', choice: 'self', note: 'She taps "I need help for myself".' },
    { kind: 'tap', choice: 'yes', note: 'Safe to chat now: yes.' },
    { kind: 'tap', choice: 'no', note: 'In danger right now: no.' },
    { kind: 'tap', choice: 'yes', note: 'The job was not what she was promised.' },
    { kind: 'tap', choice: 'no', note: 'Forced to do something: no.' },
    { kind: 'tap', choice: 'nothing', note: 'Paid: nothing at all (a strong indicator).' },
    { kind: 'wait-for-bot', note: 'The next question is about debt.' },
    {
      kind: 'say',
      text: 'Șeful spune că îi datorez 1500 de euro pentru drum și cazare. Nu am primit nimic de trei luni.',
      note: 'She answers in her own words instead of tapping: the team reads them as written.',
    },
    { kind: 'tap', choice: 'yes', note: 'Her passport is kept by the employer.' },
    { kind: 'tap', choice: 'yes', note: 'She can leave where she lives and works.' },
    { kind: 'tap', choice: 'no', note: 'Threats: no.' },
    { kind: 'tap', choice: 'no', note: 'Violence: no.' },
    { kind: 'tap', choice: 'boss', note: 'She lives where the boss decides.' },
    { kind: 'tap', choice: 'long', note: 'Very long days.' },
    { kind: 'tap', choice: 'yes', note: 'She can reach her family.' },
    { kind: 'tap', choice: 'no', note: 'Not a minor.' },
    { kind: 'tap', choice: 'flanders', note: 'Region: Flanders.' },
    { kind: 'tap', choice: 'here', note: 'The team may answer her here, in this chat.' },
    { kind: 'wait-for-bot', note: 'Haven thanks her; the case card in the inbox now holds her answers.' },
    {
      kind: 'caseworker',
      internal: true,
      text: 'note: wages withheld for three months, passport kept by the employer. Booking a Romanian interpreter for tomorrow 10:00.',
      note: 'An internal note: without @Haven it stays in Slack, for the team only.',
    },
    {
      kind: 'caseworker',
      text: 'Hello Ioana, this is Els from Payoke. Thank you for writing to us. Not being paid is not allowed in Belgium, and we can help you. Can we call you tomorrow at 10:00 with a Romanian interpreter?',
      note: 'A caseworker answers in the case thread; Haven relays it to her phone.',
    },
    { kind: 'wait-for-bot', note: 'The caseworker’s words arrive on her phone.' },
    {
      kind: 'say',
      text: 'Da, mulțumesc. Mâine la 10 este bine.',
      note: 'Her answer lands in the same thread.',
    },
  ],
};
