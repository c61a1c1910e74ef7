/**
 * The apostrophes a Ukrainian name is written with (domain.md: Мар'яна, Мар’яна, Марʼяна are one
 * name): the typewriter one, the right single quotation mark of word processors, the modifier
 * letter of the 2019 orthography, and their look-alikes on keyboards.
 */
const APOSTROPHES = /['`´ʹʼʻ‘’′＇]/gu;
const DASHES = /[‐‑‒–—―]/gu;

/**
 * A text as the record search compares it: Unicode NFC, lower case, without apostrophes, ґ as г
 * (officers type either), every dash a hyphen-minus, whitespace runs as one space. The record
 * list folds the query with it and looks it up in `search_key`, which holds the folded name and
 * custody number of each record.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/ґ/gu, 'г')
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * A record summary's `search_key`: the folded name, a line break, the folded custody number. A
 * query never holds a line break (whitespace folds to a space), so it matches within one of them.
 */
export function summarySearchKey(personName: string, custodyNumber: string | null): string {
  const name = foldForSearch(personName);
  return custodyNumber === null ? name : `${name}\n${foldForSearch(custodyNumber)}`;
}
