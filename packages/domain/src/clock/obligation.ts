import type { At } from './facts.ts';
import { formatDuration, toIso } from './time.ts';
import type {
  Anchor,
  Bilingual,
  FinalOutcome,
  LegalAct,
  LegalBasis,
  Obligation,
  ObligationKind,
} from './types.ts';

/**
 * Which drafts a rule produces: `all` for the record page and reports (every past cell check,
 * meal, interrogation run ...), `open` for the whiteboard, which skips the drafts that are already
 * met by an event. `open` changes nothing else: filtering the `all` drafts to those not met gives
 * the same drafts, in the same order.
 */
export type DraftMode = 'all' | 'open';

/** An obligation before its status is read against `now` and the end of custody. */
export interface Draft {
  id: string;
  kind: ObligationKind;
  due: number | null;
  warn: number | null;
  escalate?: number | null;
  met?: At;
  basis: LegalBasis;
  explanation: Bilingual;
  absolute?: boolean;
  martialLaw?: boolean;
  notApplicable?: boolean;
  /** The anchor a statutory limit counts from (T0, delivery): outcomes then say "after 74 h". */
  from?: number;
  /**
   * Set when `explanation` tells of the detainee's health or risk: the explanation for a reader
   * who may not see them (the obligation's `revealsHealth` and `withheldExplanation`).
   */
  withheld?: Bilingual;
}

/** The end of custody as the clock reads it (facts.closed). */
export interface Closed {
  at: number;
  eventId: string;
  how: 'release' | 'transfer';
}

const actNames: Record<LegalAct, Bilingual> = {
  КПК: { uk: 'КПК', en: 'CPC' },
  КУпАП: { uk: 'КУпАП', en: 'CAO' },
  Конституція: { uk: 'Конституція', en: 'Constitution' },
  PACE: { uk: 'PACE', en: 'PACE' },
  'PACE Code C': { uk: 'PACE Code C', en: 'PACE Code C' },
  'CMU 1363': { uk: 'постанова КМУ № 1363', en: 'CMU Resolution 1363' },
  'Vienna Convention': { uk: 'Віденська конвенція', en: 'Vienna Convention' },
  'Law 2858-IX': { uk: 'Закон № 2858-IX', en: 'Law 2858-IX' },
  'unit policy': { uk: 'політика підрозділу', en: 'unit policy' },
};

/**
 * The model of a unit's policy in Ukrainian words (issue 15: no Latin-script citation on a
 * Ukrainian screen): "PACE Code C 12.2" is "англійського Кодексу практики C, п. 12.2".
 */
function modelUk(model: string): string {
  const codeC = /^PACE Code C (.+)$/.exec(model)?.[1];
  if (codeC === undefined) return model;
  const annex = /^Annex (\w+)$/.exec(codeC)?.[1];
  return `англійського Кодексу практики C, ${annex === undefined ? `п. ${codeC}` : `додаток ${annex}`}`;
}

/** A citation as people write it: "КПК ст. 211 ч. 2" / "CPC art. 211(2)", "PACE s.40(3)". */
export function cite(basis: LegalBasis, lang: 'uk' | 'en'): string {
  const act = actNames[basis.act][lang];
  const part = basis.part;
  switch (basis.act) {
    case 'PACE':
      return `${act} s.${basis.article}${part === undefined ? '' : `(${part})`}`;
    case 'PACE Code C':
      return `${act} ${basis.article}`;
    case 'unit policy':
      // domain.md §4: no Ukrainian act sets this number; the unit's policy, and what it follows.
      if (basis.article === '') return act;
      return lang === 'uk'
        ? `${act}; за зразком ${modelUk(basis.article)}`
        : `${act}, modelled on ${basis.article}`;
    case 'КПК':
    case 'КУпАП':
    case 'Конституція':
    case 'CMU 1363':
    case 'Vienna Convention':
    case 'Law 2858-IX': {
      if (basis.article === '') return act;
      if (lang === 'en')
        return `${act} art. ${basis.article}${part === undefined ? '' : `(${part})`}`;
      return `${act} ст. ${basis.article}${part === undefined ? '' : ` ч. ${part}`}`;
    }
  }
}

const anchorNames: Record<Anchor, Bilingual> = {
  actual_detention: { uk: 'фактичного затримання', en: 'actual detention' },
  delivery: { uk: 'доставлення до підрозділу', en: 'delivery to the unit' },
  relevant_time: { uk: '«relevant time» (прибуття до станції)', en: 'the relevant time' },
};

/** "24 год від фактичного затримання (КПК ст. 278 ч. 2): вручити ..." in both languages. */
export function explainOffset(
  offsetMinutes: number,
  anchor: Anchor | Bilingual,
  basis: LegalBasis,
  requirement: Bilingual,
  inDays = false,
): Bilingual {
  const from = typeof anchor === 'string' ? anchorNames[anchor] : anchor;
  return {
    uk: `${formatDuration(offsetMinutes, 'uk', inDays)} від ${from.uk} (${cite(basis, 'uk')}): ${requirement.uk}`,
    en: `${formatDuration(offsetMinutes, 'en', inDays)} from ${from.en} (${cite(basis, 'en')}): ${requirement.en}`,
  };
}

const texts = new Map<string, Bilingual>();
const TEXTS_MAX = 4096;

/**
 * An explanation built once per `key` and shared (frozen) afterwards. Explanations depend only on
 * rule data and the unit's settings, while the whiteboard asks for the same few of them for every
 * record at every refresh. `key` must name every input of `make`.
 */
export function explanationOf(key: string, make: () => Bilingual): Bilingual {
  let text = texts.get(key);
  if (text === undefined) {
    text = Object.freeze(make());
    if (texts.size >= TEXTS_MAX) texts.clear();
    texts.set(key, text);
  }
  return text;
}

const notes = new WeakMap<Bilingual, WeakMap<Bilingual, Bilingual>>();

/** Appends a clause to both languages of an explanation (the same pair gives the same object). */
export function withNote(text: Bilingual, note: Bilingual): Bilingual {
  let byNote = notes.get(text);
  if (byNote === undefined) {
    byNote = new WeakMap();
    notes.set(text, byNote);
  }
  let noted = byNote.get(note);
  if (noted === undefined) {
    noted = Object.freeze({ uk: `${text.uk}; ${note.uk}`, en: `${text.en}; ${note.en}` });
    byNote.set(note, noted);
  }
  return noted;
}

const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : toIso(ms);

/**
 * Reads a draft against `now` and the end of custody. Met → 'met' (late when after the deadline).
 * After release or transfer, an unmet deadline that fell due before custody ended stays 'overdue'
 * (the breach stays on the record); one that would have fallen due later is 'not_applicable'.
 * At the deadline itself the duty is still in time; a minute later it is overdue.
 */
export function finalize(d: Draft, now: number, closed: Closed | undefined): Obligation {
  const closedAt = closed?.at;
  const o: Obligation = {
    id: d.id,
    kind: d.kind,
    dueAt: iso(d.due),
    warnAt: iso(d.warn),
    status: 'upcoming',
    basis: d.basis,
    explanation: d.explanation,
  };
  if (d.escalate !== undefined) o.escalateAt = iso(d.escalate);
  if (d.absolute === true) o.absolute = true;
  if (d.martialLaw === true) o.martialLaw = true;
  if (d.withheld !== undefined) {
    o.revealsHealth = true;
    o.withheldExplanation = d.withheld;
  }
  o.status = statusOf(d, now, closedAt);
  if (o.status === 'met' && d.met !== undefined) {
    o.metAt = toIso(d.met.at);
    o.metByEventId = d.met.eventId;
    o.metLate = d.due !== null && d.met.at > d.due;
  }
  if (closed !== undefined) o.outcome = outcomeOf(d, o.status, closed);
  return o;
}

const MIN = 60_000;
const DONE_BY: Record<Closed['how'] | 'other', Bilingual> = {
  release: { uk: 'звільнено', en: 'released' },
  transfer: { uk: 'передано', en: 'transferred' },
  other: { uk: 'виконано', en: 'met' },
};

/** The final outcome of a draft in a record whose custody ended at `closed` (domain.md §4). */
function outcomeOf(d: Draft, status: Obligation['status'], closed: Closed): FinalOutcome {
  const dueAt = iso(d.due);
  if (status === 'not_applicable' && d.notApplicable === true) {
    return {
      kind: 'not_applicable',
      dueAt,
      at: toIso(closed.at),
      text: { uk: 'не застосовується', en: 'not applicable' },
    };
  }
  const at = d.met?.at ?? closed.at;
  const out: FinalOutcome = { kind: 'met', dueAt, at: toIso(at), text: { uk: '', en: '' } };
  const limited = d.from !== undefined && d.due !== null;
  if (limited && d.from !== undefined && d.due !== null) {
    out.afterMinutes = Math.floor((at - d.from) / MIN);
    out.limitMinutes = Math.round((d.due - d.from) / MIN);
  }
  const limitWord = d.absolute === true ? GRANICHNYI : STROK;
  const span = (lang: 'uk' | 'en') =>
    out.afterMinutes === undefined || out.limitMinutes === undefined
      ? ''
      : ` ${lang === 'uk' ? 'через' : 'after'} ${formatDuration(out.afterMinutes, lang)}, ${limitWord[lang]} ${formatDuration(out.limitMinutes, lang)}`;
  if (d.met !== undefined) {
    const by = DONE_BY[d.met.eventId === closed.eventId ? closed.how : 'other'];
    if (d.due !== null && d.met.at > d.due) {
      out.kind = 'breached';
      out.exceededMinutes = Math.max(1, Math.ceil((d.met.at - d.due) / MIN));
      out.text = limited
        ? { uk: `порушено: ${by.uk}${span('uk')}`, en: `breached: ${by.en}${span('en')}` }
        : {
            uk: `порушено: ${by.uk} на ${formatDuration(out.exceededMinutes, 'uk')} пізніше строку`,
            en: `breached: ${by.en} ${formatDuration(out.exceededMinutes, 'en')} after the deadline`,
          };
    } else {
      out.text = { uk: `вчасно: ${by.uk}${span('uk')}`, en: `in time: ${by.en}${span('en')}` };
    }
    return out;
  }
  if (d.due !== null && d.due < closed.at) {
    out.kind = 'breached';
    out.exceededMinutes = Math.max(1, Math.ceil((closed.at - d.due) / MIN));
    const end = DONE_BY[closed.how];
    out.text = {
      uk: `порушено: не виконано; ${end.uk} на ${formatDuration(out.exceededMinutes, 'uk')} пізніше строку`,
      en: `breached: not met; ${end.en} ${formatDuration(out.exceededMinutes, 'en')} after the deadline`,
    };
    return out;
  }
  out.kind = 'ended_before_due';
  out.text = {
    uk: `тримання закінчилося до настання строку (${DONE_BY[closed.how].uk})`,
    en: `custody ended before it fell due (${DONE_BY[closed.how].en})`,
  };
  return out;
}

const GRANICHNYI: Bilingual = { uk: 'граничний строк', en: 'limit' };
const STROK: Bilingual = { uk: 'строк', en: 'deadline' };

/** Where a draft stands at `now`, given the end of custody (see {@link finalize}). */
export function statusOf(
  d: Draft,
  now: number,
  closedAt: number | undefined,
): Obligation['status'] {
  // Nothing runs after custody ends: an unmet deadline is judged at the end of custody, not now.
  if (d.notApplicable === true) return 'not_applicable';
  if (d.met !== undefined) return 'met';
  if (closedAt !== undefined) {
    return d.due !== null && d.due < closedAt ? 'overdue' : 'not_applicable';
  }
  if (d.due === null) return 'upcoming';
  if (now > d.due) return 'overdue';
  if (d.warn !== null && now >= d.warn) return 'warning';
  return 'upcoming';
}

/**
 * An obligation as one reader may see it (domain.md §5): for a reader who may not see health and
 * risk entries (`showHealth` false: a lawyer or monitor without the detainee's consent), an
 * obligation whose explanation reveals them carries its neutral explanation instead. Everything
 * else stays: the due times, status and basis (the cell checks themselves are welfare entries every
 * reader sees, so their cadence is known anyway). The domain-only fields never leave: the result is
 * what an API or a document shows.
 */
export function obligationForReader(o: Obligation, showHealth: boolean): Obligation {
  const { revealsHealth: _marker, withheldExplanation, ...shown } = o;
  return withheldExplanation === undefined || showHealth
    ? shown
    : { ...shown, explanation: withheldExplanation };
}
