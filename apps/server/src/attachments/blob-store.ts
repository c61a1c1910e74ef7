import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A stored file's identity: its SHA-256 and size; the bytes are the only key. */
export interface BlobInfo {
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * Content-addressed storage of attachments: a file is kept under the hex SHA-256 of its bytes,
 * the same hash the AttachmentAdded entry puts in the log, so a stored file can never disagree
 * with the hash that the log commits to (integrity.md).
 */
export interface BlobStore {
  /** Stores the bytes (idempotent: the same bytes give the same hash) and returns their hash. */
  put(bytes: Uint8Array): Promise<BlobInfo>;
  /** The bytes stored under the hash, or null when none are. */
  get(sha256: string): Promise<Uint8Array | null>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A {@link BlobStore} in a directory: `<root>/<aa>/<sha256>`. A file is written to a temporary
 * name in the same directory, flushed, then renamed, so a reader never sees a partial file; on
 * read the bytes are hashed again, so a file altered on disk is never served.
 */
export function fileBlobStore(root: string): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha);
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = pathOf(sha256);
      const exists = await stat(target).then(
        (s) => s.size === bytes.byteLength,
        () => false,
      );
      if (!exists) {
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await writeFile(temp, bytes, { flush: true });
          await rename(temp, target);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      }
      return { sha256, sizeBytes: bytes.byteLength };
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
  };
}

/** A {@link BlobStore} in memory, for tests and short-lived tools. */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    put(bytes) {
      const sha256 = sha256Hex(bytes);
      blobs.set(sha256, Uint8Array.from(bytes));
      return Promise.resolve({ sha256, sizeBytes: bytes.byteLength });
    },
    get(sha256) {
      return Promise.resolve(blobs.get(sha256) ?? null);
    },
  };
}
