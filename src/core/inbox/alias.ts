/**
 * A case's name in the inbox: "Case 0427 · Lotus". Slack is a third-party store, so a case is known there
 * by its number and a word, never by anything that identifies the person. The words are plants, birds and
 * stones whose English names are neutral (not names of people, places or groups) and easy to say.
 */
// biome-ignore format: the word list reads better as a table
const WORDS = [
  'Lotus', 'Cedar', 'Willow', 'Heron', 'Amber', 'Coral', 'Maple', 'Iris',
  'Jasmine', 'Laurel', 'Juniper', 'Sparrow', 'Finch', 'Wren', 'Robin', 'Lark',
  'Aspen', 'Birch', 'Clover', 'Fern', 'Hazel', 'Ivy', 'Linden', 'Myrtle',
  'Olive', 'Poppy', 'Sage', 'Tulip', 'Violet', 'Yarrow', 'Basil', 'Mint',
  'Pebble', 'Quartz', 'Opal', 'Jade', 'Pearl', 'Garnet', 'Topaz', 'Agate',
  'Dove', 'Swift', 'Kestrel', 'Plover', 'Egret', 'Crane', 'Ibis', 'Tern',
  'Acacia', 'Alder', 'Rowan', 'Spruce', 'Elm', 'Oak', 'Pine', 'Larch',
  'Lily', 'Daisy', 'Orchid', 'Dahlia', 'Peony', 'Magnolia', 'Camellia', 'Lupin',
] as const;

export function caseAlias(caseNumber: number): string {
  // A stride coprime with the list length spreads neighbouring numbers over different words.
  const word = WORDS[(caseNumber * 37) % WORDS.length]!;
  return `Case ${String(caseNumber).padStart(4, '0')} · ${word}`;
}
