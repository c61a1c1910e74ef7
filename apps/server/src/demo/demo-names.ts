import type { Rng } from './prng.ts';

const MALE_FIRST = [
  'Олександр',
  'Андрій',
  'Дмитро',
  'Сергій',
  'Максим',
  'Іван',
  'Богдан',
  'Тарас',
  'Юрій',
  'Володимир',
  'Микола',
  'Віталій',
  'Роман',
  'Олег',
  'Павло',
  'Степан',
];
const FEMALE_FIRST = [
  'Олена',
  'Оксана',
  'Наталія',
  'Ірина',
  'Тетяна',
  'Марія',
  'Юлія',
  'Анна',
  'Світлана',
  'Галина',
  'Катерина',
  'Христина',
];
const MALE_PATRONYMIC = [
  'Олександрович',
  'Андрійович',
  'Іванович',
  'Петрович',
  'Миколайович',
  'Сергійович',
  'Васильович',
  'Богданович',
  'Михайлович',
  'Степанович',
];
const FEMALE_PATRONYMIC = [
  'Олександрівна',
  'Андріївна',
  'Іванівна',
  'Петрівна',
  'Миколаївна',
  'Сергіївна',
  'Василівна',
  'Богданівна',
  'Михайлівна',
  'Степанівна',
];
/** Surnames that do not change with gender. */
const SURNAMES = [
  'Шевченко',
  'Бондаренко',
  'Коваленко',
  'Ткаченко',
  'Кравченко',
  'Олійник',
  'Шевчук',
  'Поліщук',
  'Бойко',
  'Мельник',
  'Марченко',
  'Руденко',
  'Савченко',
  'Лисенко',
  'Гончарук',
  'Мороз',
  'Кравчук',
  'Павлюк',
  'Ковальчук',
  'Романюк',
  'Костенко',
  'Данилюк',
  'Климчук',
  'Литвиненко',
  'Зінченко',
  'Дорошенко',
  'Гуменюк',
  'Пономаренко',
];

export interface PersonName {
  readonly fullName: string;
  /** Surname and initials, as officers write names of colleagues: "Бойко І. П.". */
  readonly short: string;
}

/** A Ukrainian full name (surname, first name, patronymic), drawn from the generator. */
export function ukrainianName(rng: Rng, female = rng.chance(0.2)): PersonName {
  const surname = rng.pick(SURNAMES);
  const first = rng.pick(female ? FEMALE_FIRST : MALE_FIRST);
  const patronymic = rng.pick(female ? FEMALE_PATRONYMIC : MALE_PATRONYMIC);
  return {
    fullName: `${surname} ${first} ${patronymic}`,
    short: `${surname} ${first.charAt(0)}. ${patronymic.charAt(0)}.`,
  };
}

/** Foreign detainees of the demo: name, nationality (ISO 3166), language, country in Ukrainian. */
export const FOREIGNERS = [
  {
    fullName: 'Kowalski Piotr',
    nationality: 'PL',
    language: 'pl',
    country: 'Польща',
    consulate: 'Генеральне консульство Республіки Польща',
  },
  {
    fullName: 'Beridze Giorgi',
    nationality: 'GE',
    language: 'ka',
    country: 'Грузія',
    consulate: 'Посольство Грузії в Україні',
  },
  {
    fullName: 'Popescu Andrei',
    nationality: 'MD',
    language: 'ro',
    country: 'Молдова',
    consulate: 'Посольство Республіки Молдова',
  },
] as const;

/** The three demo units, each with its streets for places of detention. */
export const CITIES = [
  {
    key: 'kyiv',
    unit: 'Шевченківське управління поліції ГУНП у м. Києві',
    code: 'KV-SHEV',
    court: 'Шевченківський районний суд м. Києва',
    itt: 'ІТТ ГУНП у м. Києві',
    sizo: 'Київський слідчий ізолятор',
    legalAid: 'Київський місцевий центр з надання БПД',
    city: 'м. Київ',
    streets: [
      'вул. Богдана Хмельницького',
      'бульв. Тараса Шевченка',
      'вул. Саксаганського',
      'вул. Володимирська',
      'просп. Берестейський',
      'вул. Січових Стрільців',
    ],
  },
  {
    key: 'lviv',
    unit: 'Галицьке відділення поліції ГУНП у Львівській області',
    code: 'LV-HAL',
    court: 'Галицький районний суд м. Львова',
    itt: 'ІТТ ГУНП у Львівській області',
    sizo: 'Львівська установа виконання покарань № 19',
    legalAid: 'Львівський місцевий центр з надання БПД',
    city: 'м. Львів',
    streets: ['просп. Свободи', 'вул. Городоцька', 'пл. Ринок', 'вул. Личаківська', 'вул. Зелена'],
  },
  {
    key: 'kharkiv',
    unit: 'Київське відділення поліції ГУНП у Харківській області',
    code: 'KH-KYIV',
    court: 'Київський районний суд м. Харкова',
    itt: 'ІТТ ГУНП у Харківській області',
    sizo: 'Харківський слідчий ізолятор',
    legalAid: 'Харківський місцевий центр з надання БПД',
    city: 'м. Харків',
    streets: [
      'просп. Науки',
      'вул. Сумська',
      'просп. Героїв Харкова',
      'вул. Пушкінська',
      'вул. Академіка Павлова',
    ],
  },
] as const;

export type City = (typeof CITIES)[number];

/** Criminal grounds stated as facts (Constitution art. 29), with the article of the КК. */
export const CRIMINAL_GROUNDS = [
  {
    grounds:
      'Застигнутий безпосередньо після вчинення крадіжки мобільного телефона з сумки потерпілої; потерпіла прямо вказала на нього.',
    article: 'КК ст. 185 ч. 2',
  },
  {
    grounds:
      'Під час огляду в нього виявлено згорток із порошкоподібною речовиною; на одязі сліди речовини.',
    article: 'КК ст. 309 ч. 1',
  },
  {
    grounds:
      'Очевидці вказали на нього як на особу, що завдала ударів потерпілому біля кафе; на руках свіжі садна.',
    article: 'КК ст. 125 ч. 2',
  },
  {
    grounds: 'Затриманий під час спроби проникнення до автомобіля з інструментом для зламу.',
    article: 'КК ст. 289 ч. 1',
  },
  {
    grounds:
      'Відкрито заволодів гаманцем потерпілого та намагався втекти; затриманий патрулем за 200 м.',
    article: 'КК ст. 186 ч. 1',
  },
  {
    grounds:
      'На камері відеоспостереження зафіксовано пошкодження ним вітрини магазину; затриманий на місці.',
    article: 'КК ст. 194 ч. 1',
  },
] as const;

/** Administrative grounds (КУпАП ст. 262-263). */
export const ADMINISTRATIVE_GROUNDS = [
  'Дрібне хуліганство: нецензурна лайка та чіпляння до перехожих у громадському місці (КУпАП ст. 173).',
  'Злісна непокора законній вимозі поліцейського припинити порушення громадського порядку (КУпАП ст. 185).',
  'Розпивання алкогольних напоїв у громадському місці, відмова припинити (КУпАП ст. 178).',
] as const;

/** A deterministic date of birth making the person `age` full years old at `at`. */
export function birthDate(rng: Rng, at: Date, age: number): string {
  const anniversary = Date.UTC(at.getUTCFullYear() - age, at.getUTCMonth(), at.getUTCDate());
  return new Date(anniversary - rng.int(30, 300) * 86_400_000).toISOString().slice(0, 10);
}
