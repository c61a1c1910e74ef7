import { describe, expect, it } from 'vitest';
import { toBase64 } from './bytes.ts';
import {
  formatAddCheckpoint,
  formatTreeSize,
  parseAddCheckpoint,
  parseCosignatureLines,
  parseTreeSize,
  WitnessProtocolError,
} from './witness-protocol.ts';

/** The example request body of c2sp.org/tlog-witness §add-checkpoint. */
const SPEC_BODY = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

/** The example response body of the same section. */
const SPEC_RESPONSE = `— witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
— witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
— witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==
`;

describe('c2sp.org/tlog-witness add-checkpoint bodies', () => {
  it("parses the specification's example request and writes it back identically", () => {
    const r = parseAddCheckpoint(SPEC_BODY);
    expect(r.oldSize).toBe(20852014);
    expect(r.proof.map(toBase64)).toEqual([
      'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
      'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
      '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
      '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
    ]);
    expect(r.note.startsWith('example.com/behind-the-sofa\n20852163\n')).toBe(true);
    expect(formatAddCheckpoint(r)).toBe(SPEC_BODY);
    const first = parseAddCheckpoint(`old 0\n\n${r.note}`);
    expect(first).toEqual({ oldSize: 0, proof: [], note: r.note });
  });

  it('refuses malformed bodies (the witness answers 400)', () => {
    const note = parseAddCheckpoint(SPEC_BODY).note;
    const hash = 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=';
    const bad: [string, string][] = [
      ['leading zero', `old 01\n\n${note}`],
      ['negative', `old -1\n\n${note}`],
      ['no old line', `${hash}\n\n${note}`],
      ['two spaces', `old  5\n\n${note}`],
      ['beyond 2^53', `old 18446744073709551615\n\n${note}`],
      ['no empty line', `old 5\n${hash}\n`],
      ['no checkpoint', `old 5\n${hash}\n\n`],
      ['short hash', `old 5\nAAAA\n\n${note}`],
      ['not base64', `old 5\n${hash.replace('=', '!')}\n\n${note}`],
      ['64 proof lines', `old 5\n${`${hash}\n`.repeat(64)}\n${note}`],
      ['empty body', ''],
    ];
    for (const [what, body] of bad) {
      expect(() => parseAddCheckpoint(body), what).toThrow(WitnessProtocolError);
    }
    expect(parseAddCheckpoint(`old 5\n${`${hash}\n`.repeat(63)}\n${note}`).proof).toHaveLength(63);
  });

  it('reads and writes the text/x.tlog.size body of a 409 and the cosignature lines of a 200', () => {
    expect(formatTreeSize(20852014)).toBe('20852014\n');
    expect(parseTreeSize('20852014\n')).toBe(20852014);
    for (const bad of ['20852014', '020\n', '-1\n', 'x\n', '1 2\n'])
      expect(parseTreeSize(bad)).toBeNull();
    expect(parseCosignatureLines(SPEC_RESPONSE)).toHaveLength(3);
    for (const bad of ['', 'hello\n', SPEC_RESPONSE.slice(0, -1), `${SPEC_RESPONSE}\n`]) {
      expect(() => parseCosignatureLines(bad)).toThrow(WitnessProtocolError);
    }
  });
});
