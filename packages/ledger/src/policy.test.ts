import { describe, expect, it } from 'vitest';
import { generateCosignerKey } from './cosignature.ts';
import { generateSignerKey } from './note-key.ts';
import { keysOf, vector } from './openssl-vectors.fixture.ts';
import { describeQuorum, formatPolicy, parsePolicy, PolicyError, quorumMet } from './policy.ts';

const LOG = keysOf(vector('custody.example/log')).vkey;
const OMBUDSMAN = keysOf(vector('ombudsman.example/witness')).vkey;
const PROSECUTOR = keysOf(vector('prosecutor.example/w2')).vkey;
const w = (name: string) => generateCosignerKey(`${name}.example/w`).vkey;
const [X1, X2, X3, Y1, Y2, Y3] = ['x1', 'x2', 'x3', 'y1', 'y2', 'y3'].map(w);

/** The example of c2sp.org/tlog-policy §Example policy, with real keys in place of the elided ones. */
const SPEC_EXAMPLE = `log ${LOG}

witness X1 ${X1}
witness X2 ${X2}
witness X3 ${X3}
group X-witnesses 2 X1 X2 X3

witness Y1 ${Y1}
witness Y2 ${Y2}
witness Y3 ${Y3}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`;

describe('c2sp.org/tlog-policy', () => {
  it("parses the specification's example and applies its two-level quorum", () => {
    const p = parsePolicy(SPEC_EXAMPLE);
    expect(p.logs.map((l) => l.origin)).toEqual(['custody.example/log']);
    expect(p.witnesses.map((x) => x.name)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3']);
    const met = (...names: string[]) => quorumMet(p.quorum, new Set(names));
    expect(met('X1', 'X2', 'Y3')).toBe(true);
    expect(met('X1', 'X3', 'Y1', 'Y2')).toBe(true);
    expect(met('X1', 'Y1', 'Y2', 'Y3')).toBe(false);
    expect(met('X1', 'X2', 'X3')).toBe(false);
    expect(met()).toBe(false);
    expect(describeQuorum(p.quorum)).toBe('2 of (2 of (X1, X2, X3), 1 of (Y1, Y2, Y3))');
  });

  it('formats a policy that parses back to the same logs, witnesses and quorum', () => {
    const p = parsePolicy(SPEC_EXAMPLE);
    const text = formatPolicy(p);
    const back = parsePolicy(text);
    const shape = (x: typeof p) => ({
      logs: x.logs.map((l) => [l.vkey, l.url]),
      witnesses: x.witnesses.map((w) => [w.name, w.vkey, w.url]),
      quorum: describeQuorum(x.quorum),
    });
    expect(shape(back)).toEqual(shape(p));
    expect(formatPolicy(back)).toBe(text);
    expect(text.split('\n').filter((l) => l.startsWith('group '))).toHaveLength(3);
    const none = parsePolicy(`log ${p.logs[0]?.vkey ?? ''} https://log.example/\nquorum none\n`);
    expect(formatPolicy(none)).toBe(
      `log ${p.logs[0]?.vkey ?? ''} https://log.example/\nquorum none\n`,
    );
  });

  it('takes comments, blank lines, tabs, surrounding white space, URLs and quorum none', () => {
    const p = parsePolicy(
      `# the custody log and two offices\n  log\t${LOG}  https://custody.example/log/ \n\n` +
        `witness ombudsman ${OMBUDSMAN} https://witness.ombudsman.example/\n` +
        `\t# indented comment\nwitness prosecutor ${PROSECUTOR}\ngroup both all ombudsman prosecutor\nquorum both`,
    );
    expect(p.logs[0]?.url).toBe('https://custody.example/log/');
    expect(p.witnesses.map((x) => [x.name, x.url])).toEqual([
      ['ombudsman', 'https://witness.ombudsman.example/'],
      ['prosecutor', null],
    ]);
    expect(quorumMet(p.quorum, new Set(['ombudsman']))).toBe(false);
    expect(quorumMet(p.quorum, new Set(['ombudsman', 'prosecutor']))).toBe(true);
    const none = parsePolicy(`log ${LOG}\nquorum none\n`);
    expect(none.quorum).toEqual({ kind: 'none' });
    expect(quorumMet(none.quorum, new Set())).toBe(true);
    const single = parsePolicy(`witness o ${OMBUDSMAN}\nquorum o\n`);
    expect(single.logs).toEqual([]);
    expect(quorumMet(single.quorum, new Set(['o']))).toBe(true);
  });

  it('refuses every malformed policy with the line at fault', () => {
    const cases: [string, string, RegExp][] = [
      ['no quorum', `log ${LOG}\n`, /no quorum line/],
      ['two quorums', `witness a ${X1}\nquorum a\nquorum a\n`, /line 3: .*exactly one quorum/],
      [
        'quorum before definition',
        `quorum a\nwitness a ${X1}\n`,
        /line 1: quorum a is not defined/,
      ],
      ['undefined member', `witness a ${X1}\ngroup g 1 a b\nquorum g\n`, /line 2: member b/],
      [
        'member used twice',
        `witness a ${X1}\nwitness b ${X2}\ngroup g 1 a b\ngroup h 1 a\nquorum g\n`,
        /line 4: member a is already/,
      ],
      [
        'member twice in one group',
        `witness a ${X1}\ngroup g 1 a a\nquorum g\n`,
        /member a is already/,
      ],
      ['k above n', `witness a ${X1}\ngroup g 2 a\nquorum g\n`, /line 2: threshold 2/],
      ['k zero', `witness a ${X1}\ngroup g 0 a\nquorum g\n`, /threshold is all, any or k/],
      ['k with leading zero', `witness a ${X1}\ngroup g 01 a\nquorum g\n`, /threshold/],
      ['empty group', `group g any\nquorum none\n`, /expected: group/],
      ['name none', `witness none ${X1}\nquorum none\n`, /reserved/],
      ['name twice', `witness a ${X1}\nwitness a ${X2}\nquorum a\n`, /defined twice/],
      ['duplicate witness key', `witness a ${X1}\nwitness b ${X1}\nquorum a\n`, /same witness key/],
      ['duplicate log key', `log ${LOG}\nlog ${LOG}\nquorum none\n`, /same log key/],
      ['log key as witness', `witness a ${LOG}\nquorum a\n`, /line 1: witness key: .*type 0x01/],
      ['witness key as log', `log ${OMBUDSMAN}\nquorum none\n`, /line 1: log key: .*type 0x04/],
      [
        'log key of another type',
        `log ${generateSignerKey('l').vkey.replace(/\+A/, '+Ag')}\nquorum none\n`,
        /log key/,
      ],
      ['unknown keyword', `witnesses a ${X1}\nquorum none\n`, /unknown keyword witnesses/],
      ['extra field', `witness a ${X1} https://a.example/ extra\nquorum a\n`, /expected: witness/],
      ['carriage return', `witness a ${X1}\r\nquorum a\r\n`, /line 1: a carriage return/],
      ['control character', `quorum none\n\u0001\n`, /line 2: a control character/],
      ['delete character', `quorum none\u007f\n`, /control character/],
    ];
    for (const [what, text, message] of cases) {
      let error: unknown;
      try {
        parsePolicy(text);
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(PolicyError);
      expect((error as Error).message, what).toMatch(message);
    }
  });

  it('handles the 32 witnesses and 32 groups the specification asks for', () => {
    const lines: string[] = [];
    for (let i = 0; i < 32; i++) lines.push(`witness w${i} ${w(`many${i}`)}`);
    for (let i = 0; i < 32; i++) lines.push(`group g${i} any w${i}`);
    lines.push(
      `group top 32 ${Array.from({ length: 32 }, (_, i) => `g${i}`).join(' ')}`,
      'quorum top',
    );
    const p = parsePolicy(lines.join('\n'));
    const all = new Set(p.witnesses.map((x) => x.name));
    expect(quorumMet(p.quorum, all)).toBe(true);
    all.delete('w7');
    expect(quorumMet(p.quorum, all)).toBe(false);
  });
});
