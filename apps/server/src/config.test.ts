import { describe, expect, test } from 'vitest';
import { CLOCK_VARIABLES, ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: 'data/custody.sqlite',
      port: 3000,
      host: '127.0.0.1',
      keyFile: 'data/signing.key',
      timeZone: 'Europe/Kyiv',
      origin: null,
      tls: false,
      bodyLimit: 1024 * 1024,
    });
  });

  test("the log origin is the installation's own: CUSTODY_ORIGIN is checked, no placeholder", () => {
    expect(loadConfig({ CUSTODY_ORIGIN: 'custody.kyiv.npu.gov.ua/log' }).origin).toBe(
      'custody.kyiv.npu.gov.ua/log',
    );
    for (const bad of ['custody.example/log', 'https://custody.ua/log', 'Custody Log', 'a+b/log']) {
      expect(() => loadConfig({ CUSTODY_ORIGIN: bad }), bad).toThrow(/CUSTODY_ORIGIN/);
    }
  });

  test('reads settings', () => {
    const c = loadConfig({ PORT: '8080', CUSTODY_TLS: 'true', SESSION_TTL: '3600' });
    expect(c.port).toBe(8080);
    expect(c.tls).toBe(true);
    expect(c.session.ttl).toBe(3600);
  });

  test.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['CUSTODY_TIME_ZONE', 'Mars/Olympus'],
    ['CUSTODY_TLS', 'yes'],
    ['SESSION_TTL', '5'],
  ])('a bad %s=%s fails with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('loadConfig: clock, demo and the CUSTODY_CONFIG file', () => {
  test('clock defaults follow domain.md §4, with the configured zone and late-entry limit', () => {
    const c = loadConfig({ CUSTODY_TIME_ZONE: 'Europe/London', CUSTODY_LATE_ENTRY_MINUTES: '20' });
    expect(c.clock.cellCheckMinutes).toBe(60);
    expect(c.clock.timeZone).toBe('Europe/London');
    expect(c.clock.lateEntryMinutes).toBe(20);
    expect(c.demo).toBe(true);
  });

  test('each clock setting has a variable', () => {
    expect(CLOCK_VARIABLES['CUSTODY_CELL_CHECK_MINUTES']).toBe('cellCheckMinutes');
    const c = loadConfig({ CUSTODY_CELL_CHECK_MINUTES: '45', CUSTODY_DEMO: '0' });
    expect(c.clock.cellCheckMinutes).toBe(45);
    expect(c.demo).toBe(false);
  });

  test.each([
    ['CUSTODY_CELL_CHECK_MINUTES', '0'],
    ['CUSTODY_CELL_CHECK_MINUTES', 'hourly'],
    ['CUSTODY_NOTIFICATION_OVERDUE_MINUTES', '1.5'],
    ['CUSTODY_LATE_ENTRY_MINUTES', '-1'],
    ['CUSTODY_DEMO', 'maybe'],
  ])('a bad %s=%s names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  test('the file gives settings, the environment overrides them', () => {
    const file = JSON.stringify({
      PORT: 4000,
      HOST: '0.0.0.0',
      clock: { mealIntervalMinutes: 300 },
    });
    const read = (path: string) => {
      expect(path).toBe('/etc/custody.json');
      return file;
    };
    const c = loadConfig({ CUSTODY_CONFIG: '/etc/custody.json', PORT: '5000' }, read);
    expect(c.port).toBe(5000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.clock.mealIntervalMinutes).toBe(300);
  });

  test('a bad file names CUSTODY_CONFIG or the bad key', () => {
    const env = { CUSTODY_CONFIG: 'x.json' };
    expect(() => loadConfig(env, () => '{nope')).toThrow('CUSTODY_CONFIG');
    expect(() => loadConfig(env, () => '[1]')).toThrow('CUSTODY_CONFIG');
    expect(() => loadConfig(env, () => '{"PORT": "port"}')).toThrow('PORT');
    expect(() => loadConfig(env, () => '{"clock": {"restMinutes": 0}}')).toThrow(
      'clock.restMinutes',
    );
    expect(() =>
      loadConfig(env, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow('CUSTODY_CONFIG');
  });

  test("the WAL checkpoint thread's threshold: 1,000 frames unless CUSTODY_WAL_CHECKPOINT_FRAMES says, 16 to 2,000", () => {
    expect(loadConfig({}).walCheckpointFrames).toBe(1000);
    expect(loadConfig({ CUSTODY_WAL_CHECKPOINT_FRAMES: '16' }).walCheckpointFrames).toBe(16);
    for (const bad of ['15', '2001', 'many']) {
      expect(() => loadConfig({ CUSTODY_WAL_CHECKPOINT_FRAMES: bad }), bad).toThrow(
        /CUSTODY_WAL_CHECKPOINT_FRAMES/,
      );
    }
  });

  test('the idle lock of the web app: 5 minutes unless CUSTODY_LOCK_AFTER says, 30 s at least', () => {
    expect(loadConfig({}).lockAfter).toBe(300);
    expect(loadConfig({ CUSTODY_LOCK_AFTER: '120' }).lockAfter).toBe(120);
    expect(() => loadConfig({ CUSTODY_LOCK_AFTER: '5' })).toThrow(/CUSTODY_LOCK_AFTER/);
  });
});
