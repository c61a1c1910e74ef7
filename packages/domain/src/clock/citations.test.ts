import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { cite } from './obligation.ts';
import { obligations } from './obligations.ts';
import type { Obligation } from './types.ts';

const T0 = '2026-09-14T07:00:00.000Z';
const first = (list: Obligation[], kind: Obligation['kind']) => {
  const o = list.find((x) => x.kind === kind);
  if (o === undefined) throw new Error(`no ${kind}`);
  return o;
};

describe('citations follow the record’s jurisdiction (domain.md §4)', () => {
  test('Ukrainian criminal record (КПК ст. 208): welfare routines are unit policy, modelled on Code C', () => {
    const b = new RecordBuilder(T0).detained('ua_criminal_208').delivered(20).intoxicated(30);
    const list = obligations({ events: b.events, now: b.at(hours(20)) });
    const check = first(list, 'cell_check');
    expect(check.basis).toEqual({ act: 'unit policy', article: 'PACE Code C Annex H' });
    expect(cite(check.basis, 'uk')).toBe(
      'політика підрозділу; за зразком англійського Кодексу практики C, додаток H',
    );
    expect(cite(check.basis, 'en')).toBe('unit policy, modelled on PACE Code C Annex H');
    expect(check.explanation.uk).toContain(
      '(політика підрозділу; за зразком англійського Кодексу практики C, додаток H)',
    );
    expect(check.explanation.uk).not.toMatch(/PACE/);
    expect(first(list, 'meal').basis).toEqual({ act: 'unit policy', article: 'PACE Code C 8.6' });
    expect(first(list, 'rest').basis).toEqual({ act: 'unit policy', article: 'PACE Code C 12.2' });
    // PACE is never cited as law on a Ukrainian record.
    expect(list.filter((o) => o.basis.act === 'PACE' || o.basis.act === 'PACE Code C')).toEqual([]);
  });

  test('a sober detainee: the hourly check is unit policy modelled on Code C 9.3', () => {
    const b = new RecordBuilder(T0).detained('ua_administrative').delivered(20);
    const list = obligations({ events: b.events, now: b.at(hours(2)) });
    expect(cite(first(list, 'cell_check').basis, 'uk')).toBe(
      'політика підрозділу; за зразком англійського Кодексу практики C, п. 9.3',
    );
  });

  test('on the PACE profile Code C is law and cited as such', () => {
    const b = new RecordBuilder(T0).detained('ew_pace').delivered(20);
    const list = obligations({ events: b.events, now: b.at(hours(2)) });
    expect(first(list, 'cell_check').basis).toEqual({ act: 'PACE Code C', article: '9.3' });
    expect(first(list, 'meal').basis).toEqual({ act: 'PACE Code C', article: '8.6' });
    expect(first(list, 'delivery_explanation').basis).toEqual({ act: 'PACE', article: '30' });
  });

  test('the English text cites Ukrainian law in English (КПК ст. 211 ч. 2 → CPC art. 211(2))', () => {
    const b = new RecordBuilder(T0).detained('ua_criminal_208').delivered(20);
    const list = obligations({ events: b.events, now: b.at(hours(1)) });
    const court = list.find((o) => o.id === 'court_60h');
    expect(court?.explanation.uk).toContain('КПК ст. 211 ч. 2');
    expect(court?.explanation.en).toContain('CPC art. 211(2)');
    expect(court?.explanation.en).not.toMatch(/[А-Яа-яІіЇїЄє]/);
  });

  test('"immediately" has no statutory number: the notification delays are labelled unit policy', () => {
    const b = new RecordBuilder(T0).detained('ua_criminal_208').delivered(20);
    const list = obligations({ events: b.events, now: b.at(hours(1)) });
    const relative = list.find((o) => o.id === 'notification:relative');
    expect(relative?.basis).toEqual({ act: 'КПК', article: '213' });
    expect(relative?.explanation.uk).toContain('політика підрозділу');
    expect(relative?.explanation.en).toContain('unit policy');
  });

  test('rights explained: КПК ст. 208 ч. 4 only on a detention without a ruling; the Constitution under a ruling; Code C 3.1 on PACE', () => {
    const rightsOf = (profile: Parameters<RecordBuilder['detained']>[0]) =>
      first(
        obligations({ events: new RecordBuilder(T0).detained(profile).events, now: T0 }),
        'rights_explained',
      );
    expect(rightsOf('ua_criminal_208').basis).toEqual({ act: 'КПК', article: '208', part: '4' });
    const ruling = rightsOf('ua_ruling_191');
    expect(ruling.basis).toEqual({ act: 'Конституція', article: '29' });
    expect(ruling.explanation.uk).toContain('(Конституція ст. 29):');
    expect(ruling.explanation.uk).not.toContain('208');
    expect(ruling.explanation.en).not.toMatch(/[А-Яа-яІіЇїЄє]/);
    expect(rightsOf('ua_administrative_border').basis).toEqual({ act: 'КУпАП', article: '261' });
    const pace = rightsOf('ew_pace');
    expect(pace.basis).toEqual({ act: 'PACE Code C', article: '3.1' });
    expect(pace.explanation.en).toContain('(PACE Code C 3.1)');
  });
});
