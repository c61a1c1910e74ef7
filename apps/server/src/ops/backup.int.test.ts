import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backupDatabase, restoreDatabase } from './backup.ts';

const PAGE = 4096;

/**
 * `custody restore` of a SQLite backup checks it first (`PRAGMA integrity_check`, read through a
 * memory map): a good backup is restored, one whose index no longer matches its table is refused
 * and nothing is written where the database would go.
 */
describe('restoring a SQLite backup', () => {
  let dir: string;
  let source: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custody-backup-'));
    source = join(dir, 'source.sqlite');
    const db = new BetterSqlite3(source);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`key-${String(i * 7919)}`, `value ${String(i)}`);
    })();
    db.close();
    await backupDatabase(source, join(dir, 'good.sqlite'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a good backup is restored whole', async () => {
    const target = join(dir, 'restored.sqlite');
    await restoreDatabase(target, join(dir, 'good.sqlite'), false);
    const db = new BetterSqlite3(target, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 20_000 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  test('a backup whose index lost an entry is refused, and nothing is restored', async () => {
    // A copy of the backup with the keys of one leaf page of the UNIQUE index on k changed: every
    // page still parses (a quick check passes), but those rows' index entries are gone.
    const bad = join(dir, 'bad.sqlite');
    await backupDatabase(source, bad);
    const db = new BetterSqlite3(bad, { readonly: true });
    const root = (
      db
        .prepare(`SELECT rootpage FROM sqlite_schema WHERE tbl_name = 't' AND type = 'index'`)
        .get() as {
        rootpage: number;
      }
    ).rootpage;
    const leaf = (
      db
        .prepare(
          `SELECT pageno FROM dbstat WHERE name = (SELECT name FROM sqlite_schema
          WHERE rootpage = ?) AND pagetype = 'leaf' LIMIT 1 OFFSET 3`,
        )
        .get(root) as { pageno: number }
    ).pageno;
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
    const fd = openSync(bad, 'r+');
    const page = Buffer.alloc(PAGE);
    readSync(fd, page, 0, PAGE, (leaf - 1) * PAGE);
    let changed = 0;
    for (let at = page.indexOf('key-'); at > 0; at = page.indexOf('key-', at + 1), changed++) {
      page.write('KEY-', at);
    }
    expect(changed).toBeGreaterThan(10);
    writeSync(fd, page, 0, PAGE, (leaf - 1) * PAGE);
    closeSync(fd);
    const check = new BetterSqlite3(bad, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    check.close();

    const target = join(dir, 'never.sqlite');
    await expect(restoreDatabase(target, bad, true)).rejects.toThrow(/damaged/);
    expect(existsSync(target)).toBe(false);
  });
});
