import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A stored file's identity: its SHA-256 and size; the bytes are the only key. */
export interface BlobInfo {
  readonly sha256: string;
  readonly sizeBytes: number;
}

/** Bytes written aside before the command that names them is decided. */
export interface StagedBlob extends BlobInfo {
  /** Moves the file in, once the entry naming it is committed. */
  keep(): Promise<void>;
  /** Removes the staged bytes, once the command was refused. */
  discard(): Promise<void>;
}

/** What a start-up sweep of staged files did. */
export interface SweepResult {
  /** Staged files the log names (committed, then a crash before they were moved in): moved in. */
  readonly kept: number;
  /** Staged files the log does not name, older than the sweep's age: removed. */
  readonly removed: number;
}

/**
 * Content-addressed storage of attachments: a file is kept under the hex SHA-256 of its bytes,
 * the same hash the AttachmentAdded entry puts in the log, so a stored file can never disagree
 * with the hash that the log commits to (integrity.md). A file is staged first and moved in only
 * when the command naming it commits, so a refused upload leaves nothing behind.
 */
export interface BlobStore {
  /** Writes the bytes aside (flushed) and returns their hash; `keep` or `discard` follows. */
  stage(bytes: Uint8Array): Promise<StagedBlob>;
  /** The bytes stored under the hash, or null when none are. */
  get(sha256: string): Promise<Uint8Array | null>;
  /**
   * At start-up: a staged file the log names is moved in; one it does not name is removed when
   * older than `olderThanMs` (younger ones may belong to an upload in flight in another process).
   */
  sweep(named: (sha256: string) => Promise<boolean>, olderThanMs: number): Promise<SweepResult>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const STAGED = /^([0-9a-f]{64})\.[0-9a-f]+\.tmp$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const sizeOf = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => null,
  );

/**
 * A {@link BlobStore} in a directory: `<root>/<aa>/<sha256>`, staged files in `<root>/incoming`
 * (same file system, so moving in is an atomic rename). On read the bytes are hashed again, so
 * a file altered on disk is never served.
 */
export function fileBlobStore(root: string, now: () => number = Date.now): BlobStore {
  const incoming = join(root, 'incoming');
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha);
  async function moveIn(staged: string, sha256: string, sizeBytes: number): Promise<void> {
    const target = pathOf(sha256);
    if ((await sizeOf(target)) === sizeBytes) {
      await rm(staged, { force: true });
      return;
    }
    await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
    try {
      await rename(staged, target);
    } catch (error) {
      // Another process's sweep may have moved the same staged file in already.
      if ((await sizeOf(target)) !== sizeBytes) throw error;
    }
  }
  return {
    async stage(bytes) {
      const sha256 = sha256Hex(bytes);
      const sizeBytes = bytes.byteLength;
      await mkdir(incoming, { recursive: true });
      const staged = join(incoming, `${sha256}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(staged, bytes, { flush: true });
      } catch (error) {
        await rm(staged, { force: true });
        throw error;
      }
      return {
        sha256,
        sizeBytes,
        keep: () => moveIn(staged, sha256, sizeBytes),
        discard: () => rm(staged, { force: true }),
      };
    },
    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      let bytes: Uint8Array;
      try {
        bytes = await readFile(pathOf(sha256));
      } catch {
        return null;
      }
      return sha256Hex(bytes) === sha256 ? bytes : null;
    },
    async sweep(named, olderThanMs) {
      let kept = 0;
      let removed = 0;
      const names = await readdir(incoming).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(incoming, name);
        const info = await stat(path).catch(() => null);
        if (info === null || !info.isFile()) continue;
        const sha256 = STAGED.exec(name)?.[1];
        if (sha256 !== undefined && (await named(sha256))) {
          await moveIn(path, sha256, info.size);
          kept += 1;
        } else if (now() - info.mtimeMs > olderThanMs) {
          await rm(path, { force: true });
          removed += 1;
        }
      }
      return { kept, removed };
    },
  };
}

/** A {@link BlobStore} in memory, for tests and short-lived tools. */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    stage(bytes) {
      const sha256 = sha256Hex(bytes);
      const copy = Uint8Array.from(bytes);
      return Promise.resolve({
        sha256,
        sizeBytes: bytes.byteLength,
        keep() {
          blobs.set(sha256, copy);
          return Promise.resolve();
        },
        discard: () => Promise.resolve(),
      });
    },
    get(sha256) {
      return Promise.resolve(blobs.get(sha256) ?? null);
    },
    sweep: () => Promise.resolve({ kept: 0, removed: 0 }),
  };
}
