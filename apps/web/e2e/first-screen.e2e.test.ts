import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import { loadOverMobile, MOBILE_3G } from './network.ts';

/**
 * The web app as a tablet on a mobile network gets it (issue 18): compressed, and its
 * content-hashed files cached as immutable, so a second visit fetches none of them again.
 * The figures (bytes on the wire, load time over an emulated 3G link) are printed here and
 * measured against the uncompressed app in `bench/web.bench.ts`.
 */
describe.each(E2E_DIALECTS.slice(0, 1))(
  'the first screen over a mobile network (%s)',
  (dialect) => {
    let e2e: E2E;
    beforeAll(async () => {
      e2e = await startE2E({ dialect });
    });
    afterAll(async () => {
      await e2e.close();
    });

    it('arrives compressed, and a second visit takes the app’s code from the cache', async () => {
      const page = await e2e.page();
      await page.setViewportSize({ width: 768, height: 1024 });
      const ready = () => page.getByRole('heading', { name: 'Вхід' }).waitFor();
      const cold = await loadOverMobile(page, e2e.baseUrl, ready);
      const code = cold.responses.filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname));
      expect(code.length).toBeGreaterThan(1);
      for (const r of code) {
        // A file of a few hundred bytes gains nothing from compression and is sent as it is.
        if (r.decodedBytes > 1024) expect(r.encoding, r.url).toBe('br');
        expect(r.cacheControl, r.url).toContain('immutable');
      }
      const decoded = code.reduce((n, r) => n + r.decodedBytes, 0);
      const wire = code.reduce((n, r) => n + r.wireBytes, 0);
      expect(wire).toBeLessThan(decoded * 0.4);

      const warm = await loadOverMobile(page, e2e.baseUrl, ready);
      const fetched = warm.responses.filter(
        (r) => new URL(r.url).pathname.startsWith('/assets/') && !r.fromCache,
      );
      expect(fetched.map((r) => r.url)).toEqual([]);
      console.log(
        `first screen over ${MOBILE_3G.label}: ${(cold.wireBytes / 1024).toFixed(1)} KB on the wire ` +
          `(code ${(wire / 1024).toFixed(1)} KB of ${(decoded / 1024).toFixed(1)} KB), ` +
          `${cold.ms.toFixed(0)} ms; again: ${(warm.wireBytes / 1024).toFixed(1)} KB, ${warm.ms.toFixed(0)} ms`,
      );
      e2e.assertClean(page);
      await page.close();
    });
  },
);
