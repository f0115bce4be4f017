import type { Scenario } from './types.js';

/** A witness report: the short witness questions, places in words, and a caseworker's follow-up. */
export const witnessAntwerpDutch: Scenario = {
  id: 'witness-antwerp-nl',
  title: 'Witness in Antwerp',
  summary:
    'Jan lives in Borgerhout and is worried about the women working in a nail studio in his street. He reports what he saw, in Dutch, and chooses to stay confidential.',
  person: { firstName: 'Jan', languageCode: 'nl' },
  steps: [
    {
      kind: 'say',
      text: 'Hallo, ik wil iets melden over een nagelstudio in mijn straat.',
      note: 'His phone is set to Dutch (nl).',
    },
    { kind: 'wait-for-bot' },
    { kind: 'tap', choice: 'other', note: 'He taps "I am worried about someone else".' },
    { kind: 'tap', choice: 'no', note: 'Nobody is in danger right now.' },
    { kind: 'tap', choice: 'work', note: 'What he saw: people made to work.' },
    { kind: 'wait-for-bot', note: 'Haven asks what he saw, in his own words.' },
    {
      kind: 'say',
      text: "Er werken drie jonge vrouwen van 's ochtends vroeg tot middernacht. Ze slapen boven de zaak en gaan nooit alleen naar buiten.",
      note: 'His own words go to the team as written.',
    },
    { kind: 'tap', choice: 'flanders', note: 'Region: Flanders.' },
    { kind: 'wait-for-bot', note: 'Haven asks for the town, in words (no location sharing).' },
    { kind: 'say', text: 'Antwerpen, Borgerhout' },
    { kind: 'tap', choice: 'shop', note: 'The kind of place.' },
    { kind: 'tap', choice: 'week', note: 'When: this week.' },
    { kind: 'tap', choice: 'yes', note: 'It is still going on.' },
    { kind: 'tap', choice: 'few', note: 'A few people.' },
    { kind: 'tap', choice: 'not_sure', note: 'He cannot tell whether they are minors.' },
    { kind: 'tap', choice: 'yes', note: 'Someone seems to control them.' },
    { kind: 'tap', choice: 'neighbour', note: 'He knows them as a neighbour.' },
    { kind: 'tap', choice: 'no', note: 'They do not know he is reporting.' },
    { kind: 'tap', choice: 'confidential', note: 'He stays confidential.' },
    { kind: 'tap', choice: 'here', note: 'The team may answer him here.' },
    { kind: 'tap', choice: 'no', note: 'Nothing else to add.' },
    { kind: 'wait-for-bot', note: 'Haven thanks him; the report is on the case card.' },
    {
      kind: 'caseworker',
      text: 'Dag Jan, bedankt voor je melding. We bekijken dit verder. Mogen we je later nog een paar vragen stellen over de uren waarop de zaak open is?',
      note: 'A caseworker follows up in the thread.',
    },
    { kind: 'wait-for-bot', note: 'The follow-up reaches his phone.' },
    { kind: 'say', text: 'Ja hoor, dat mag.' },
  ],
};
