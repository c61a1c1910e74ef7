import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: 'data/custody.sqlite',
      port: 3000,
      host: '127.0.0.1',
      keyFile: 'data/signing.key',
      timeZone: 'Europe/Kyiv',
      origin: 'custody.example/log',
      tls: false,
      bodyLimit: 1024 * 1024,
    });
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
