import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'closing-line-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs vitest on the given test files with the closing-line reporter alone; its last line. */
async function closingLine(files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = join(dir, 'vitest.config.mjs');
  writeFileSync(
    config,
    `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(
      resolve('test/closing-line.reporter.ts'),
    )}] } };`,
  );
  // vitest exits non-zero when a file fails; its output is still what this reads.
  const stdout = await promisify(execFile)(
    process.execPath,
    [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', config],
    { cwd: dir },
  ).then(
    (done) => done.stdout,
    (error: unknown) => (error as { stdout: string }).stdout,
  );
  return stdout.trim().split('\n').at(-1) ?? '';
}

test('a file whose beforeAll threw counts as failed, its tests as skipped', async () => {
  const line = await closingLine({
    'fine.test.mjs': `import { test } from 'vitest'; test('passes', () => {});`,
    'hook.test.mjs': `import { beforeAll, describe, test } from 'vitest';
      describe('set-up fails', () => {
        beforeAll(() => { throw new Error('no database'); });
        test('never runs', () => {});
        test('nor this', () => {});
      });`,
    'fails.test.mjs': `import { expect, test } from 'vitest'; test('fails', () => expect(1).toBe(2));`,
  });
  expect(line).toBe('1 passed, 2 failed, 2 skipped');
}, 60_000);
