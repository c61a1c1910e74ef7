/**
 * A faithful plain summary of the rights of a detained person: Constitution of Ukraine arts.
 * 28, 29, 55, 59, 63; КПК ст. 20, 29, 42, 206, 208, 211, 212, 213, 278; Vienna Convention art. 36;
 * and for administrative detention КУпАП ст. 261, 263, 268. It summarises; it does not replace
 * the text of the law.
 */
export const RIGHTS: Record<
  'uk' | 'en',
  { common: string[]; criminal: string[]; administrative: string[] }
> = {
  uk: {
    common: [
      'Знати, за що вас затримано: вам негайно повідомляють підстави затримання зрозумілою мовою (Конституція ст. 29; КПК ст. 208 ч. 4).',
      'Мовчати: ви не зобов’язані давати пояснення чи показання щодо себе та близьких родичів; відмова не може бути обернена проти вас (Конституція ст. 63; КПК ст. 18, 42).',
      'Мати захисника з моменту фактичного затримання, зокрема безоплатно: поліція негайно повідомляє центр з надання безоплатної правничої допомоги; ви можете конфіденційно побачитися із захисником до першого допиту (Конституція ст. 59; КПК ст. 20, 42, 49, 213).',
      'Щоб про ваше затримання і місце перебування негайно повідомили родичів або іншу особу за вашим вибором (КПК ст. 213).',
      'Отримати медичну допомогу і бути оглянутим лікарем; повідомити про тілесні ушкодження та погане поводження (КПК ст. 42, 206, 212).',
      'Безоплатно користуватися допомогою перекладача, якщо ви не володієте українською мовою (КПК ст. 29, 42).',
      'На гуманне поводження: їжу, воду, відпочинок; катування і жорстоке поводження заборонені (Конституція ст. 28).',
      'Оскаржувати дії та рішення поліції: прокурору, слідчому судді, Уповноваженому Верховної Ради з прав людини (Конституція ст. 55; КПК ст. 206, 303).',
      'Іноземець може вимагати повідомити консульство своєї держави (Віденська конвенція про консульські зносини ст. 36).',
      'За дотримання ваших прав у підрозділі відповідає окрема службова особа, яка не розслідує вашу справу (КПК ст. 212).',
    ],
    criminal: [
      'Отримати копію протоколу затримання одразу після його складення (КПК ст. 208 ч. 5).',
      'Протягом 24 годин після затримання вам мають вручити повідомлення про підозру або звільнити (КПК ст. 278).',
      'Не пізніше 60 годин після затримання вас мають звільнити або доставити до суду; без рішення суду тримати більше 72 годин заборонено (Конституція ст. 29; КПК ст. 211).',
    ],
    administrative: [
      'Адміністративне затримання триває не більше трьох годин (КУпАП ст. 263).',
      'Знайомитися з матеріалами справи, давати пояснення, користуватися правовою допомогою адвоката (КУпАП ст. 268).',
    ],
  },
  en: {
    common: [
      'To know why you are detained: the grounds are told to you at once in a language you understand (Constitution art. 29; CPC art. 208(4)).',
      'To remain silent: you need not give any statement about yourself or your close relatives, and silence cannot be held against you (Constitution art. 63; CPC arts. 18, 42).',
      'To a defence lawyer from the moment of actual detention, free of charge if need be: the police notify the free legal aid centre at once; you may see your lawyer in private before the first interrogation (Constitution art. 59; CPC arts. 20, 42, 49, 213).',
      'To have a relative or another person of your choice told at once that you are detained and where (CPC art. 213).',
      'To medical aid and to be examined by a doctor; to report injuries and ill-treatment (CPC arts. 42, 206, 212).',
      'To a free interpreter if you do not speak Ukrainian (CPC arts. 29, 42).',
      'To humane treatment: food, water and rest; torture and ill-treatment are prohibited (Constitution art. 28).',
      'To complain about the police: to the prosecutor, the investigating judge, the Parliament Commissioner for Human Rights (Constitution art. 55; CPC arts. 206, 303).',
      'A foreign national may ask for their consulate to be notified (Vienna Convention on Consular Relations art. 36).',
      'An official who does not investigate your case is responsible for your rights in the unit (CPC art. 212).',
    ],
    criminal: [
      'To a copy of the record of detention as soon as it is drawn up (CPC art. 208(5)).',
      'Within 24 hours of detention you must be served a notice of suspicion or released (CPC art. 278).',
      'Within 60 hours of detention you must be released or brought before a court; holding you more than 72 hours without a court decision is prohibited (Constitution art. 29; CPC art. 211).',
    ],
    administrative: [
      'Administrative detention lasts no more than three hours (CAO art. 263).',
      'To see the case file, give explanations, and have a lawyer (CAO art. 268).',
    ],
  },
};
