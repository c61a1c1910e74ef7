import type { Obligation } from '@custody/contracts';

/** "КПК ст. 211 ч. 2", "PACE Code C 9.3", "CMU 1363": the citation as lawyers write it. */
export function basisText(o: Pick<Obligation, 'basis'>): string {
  const { act, article, part } = o.basis;
  if (article === '') return act;
  if (act.startsWith('PACE') || act === 'CMU 1363') return `${act} ${article}`;
  return `${act} ст. ${article}${part ? ` ч. ${part}` : ''}`;
}
