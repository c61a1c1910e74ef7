import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { analyzeAll, isPostgresUrl, openDatabase } from '../db/database.ts';

export type Progress = (done: number, total: number) => void;

/** The SQLite file of a DATABASE_URL (a path, optionally `sqlite:` prefixed). */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (e) => {
      reject(new Error(`${command}: ${e.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${String(code)}: ${stderr.trim()}`));
    });
  });
}

/**
 * Backs up the database to `file`: SQLite through its online backup API (consistent while the
 * server keeps writing; better-sqlite3 `.backup()`), PostgreSQL with `pg_dump --format=custom`.
 */
export async function backupDatabase(
  url: string,
  file: string,
  onProgress?: Progress,
): Promise<void> {
  if (existsSync(file)) throw new Error(`файл уже існує / refusing to overwrite ${file}`);
  if (isPostgresUrl(url)) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${url}`]);
    return;
  }
  const path = sqlitePath(url);
  if (!existsSync(path)) throw new Error(`немає бази даних / no database at ${path}`);
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
  } finally {
    db.close();
  }
}

/**
 * The integrity check probes every index once for every row of its table (O(n log n), in no
 * order the file is laid out in): through SQLite's page cache (16 MB) each probe of an index
 * larger than it is a read() copying a page from the system's cache, half the check's time at 10^6
 * entries (docs/benchmarks.md, "Backup and restore"). Mapped, the pages are read in place; SQLite
 * maps at most its compile-time limit (2 GiB) and reads the rest. Read-only: nothing is written.
 */
const CHECK_MMAP_BYTES = 2 ** 31;

/** Refuses a backup file that SQLite's full integrity check does not pass. */
function checkSqliteFile(file: string): void {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`mmap_size = ${String(CHECK_MMAP_BYTES)}`);
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the backup ${file} is damaged: ${String(result)}`);
  } finally {
    db.close();
  }
}

/**
 * Restores a backup made by {@link backupDatabase} into the database of `url`. SQLite: the file
 * is checked (`PRAGMA integrity_check`) and copied over the target, which must not be in use,
 * and the copy and its directory are synced to disk before it returns.
 * PostgreSQL: `pg_restore --clean --if-exists` into the (existing) database. Run `custody verify`
 * afterwards: the restored log must verify, with the checkpoint you hold outside.
 */
export async function restoreDatabase(url: string, file: string, force: boolean): Promise<void> {
  if (!existsSync(file)) throw new Error(`немає файлу / no backup file ${file}`);
  if (isPostgresUrl(url)) {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, file]);
    // pg_restore copies no statistics: without them every stream read was planned as a parallel
    // scan until autovacuum came (never, where it is off).
    const database = openDatabase(url);
    try {
      await analyzeAll(database);
    } finally {
      await database.close();
    }
    return;
  }
  checkSqliteFile(file);
  const path = sqlitePath(url);
  if (existsSync(path) && !force) {
    throw new Error(`база даних існує / ${path} exists; give --force to replace it`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  copyFileSync(file, path);
  // On disk before `restore` reports success: the copy, then its directory entry.
  syncPath(path);
  syncPath(dirname(path));
  return Promise.resolve();
}

/** fsync of a file or a directory (Linux and macOS open a directory read-only for this). */
function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
