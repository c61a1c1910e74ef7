import { describe, expect, test } from 'vitest';
import { DEVICE_NAME_MAX as CONTRACT_MAX } from '@custody/contracts';
import { DEVICE_NAME_MAX, defaultDeviceName } from './device-name.ts';

const UA = {
  linuxChromium:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/143.0.0.0 Safari/537.36',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Safari/537.36',
  ipadSafari:
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
};

describe('the name offered for a tablet at enrolment', () => {
  test.each([
    [UA.headless, 'Chromium · Linux'],
    [UA.linuxChromium, 'Chrome · Linux'],
    [UA.androidChrome, 'Chrome · Android'],
    [UA.samsung, 'Samsung Internet · Android'],
    [UA.ipadSafari, 'Safari · iPadOS'],
    [UA.windowsEdge, 'Edge · Windows'],
    [UA.firefox, 'Firefox · Linux'],
  ])('%s → %s', (ua, name) => {
    expect(defaultDeviceName(ua)).toBe(name);
  });

  test('client hints name Chromium apart from Chrome, and the platform as the browser says it', () => {
    const chromium = {
      brands: [{ brand: 'Chromium' }, { brand: 'Not.A/Brand' }],
      platform: 'Linux',
    };
    expect(defaultDeviceName(UA.linuxChromium, chromium)).toBe('Chromium · Linux');
    const chrome = {
      brands: [{ brand: 'Chromium' }, { brand: 'Google Chrome' }],
      platform: 'Chrome OS',
    };
    expect(defaultDeviceName(UA.linuxChromium, chrome)).toBe('Chrome · ChromeOS');
  });

  test('the longest name is the server contract’s', () => {
    expect(DEVICE_NAME_MAX).toBe(CONTRACT_MAX);
  });

  test('never the raw user-agent string; empty when nothing is known (the officer types one)', () => {
    for (const ua of Object.values(UA)) {
      expect(defaultDeviceName(ua)).not.toContain('Mozilla');
      expect(defaultDeviceName(ua).length).toBeLessThanOrEqual(60);
    }
    expect(defaultDeviceName('curl/8.0')).toBe('');
  });
});
