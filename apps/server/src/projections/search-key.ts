import type { DialectName } from '../db/database.ts';

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

/**
 * A custody number as the duty desk writes it: the unit's letter code (one or more groups of
 * letters joined by hyphens, as the demo's `KV-SHEV`), a hyphen, then a digit (КР-0142/2025,
 * KV-2025-0001, KV-SHEV-2026-0009, KV-4-2025-0001 for a unit's copy), no space. The payload takes
 * any text (`detaineeRegistered`); this is the shape the list takes for a number's beginning.
 */
const CUSTODY_NUMBER_START = /^\p{L}+(?:-\p{L}+)*-\p{Nd}\S*$/u;

/**
 * The folded query itself when it looks like the beginning of a custody number, else null: the
 * record list then finds the summaries whose folded number starts with it (`numberKeySql`'s
 * b-tree) rather than every key that holds it anywhere.
 */
export function custodyNumberStart(folded: string): string | null {
  return CUSTODY_NUMBER_START.test(folded) ? folded : null;
}

/**
 * The folded custody number of a summary, from its `search_key` (after the line break; null or
 * empty without a number), as SQL: the expression its b-tree index is built on (migration
 * 0391), which a query must repeat word for word for the planner to use it. PostgreSQL compares
 * it byte by byte (`COLLATE "C"`), as SQLite does, so that a prefix is one range of the index.
 */
export const numberKeySql: Record<DialectName, string> = {
  sqlite:
    'CASE WHEN instr(search_key, char(10)) > 0 THEN substr(search_key, instr(search_key, char(10)) + 1) END',
  postgres: `split_part(search_key, E'\\n', 2) COLLATE "C"`,
};

/** Past every text that starts with a prefix, in byte order: the end of a prefix's range. */
export const PREFIX_END = '\u{10FFFF}';
