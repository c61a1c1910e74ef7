import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { fileBlobStore } from './blob-store.ts';

const LIMIT = 64 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(2000)]);

describe.each(DIALECTS)('attachments (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let recordId: string;
  const blobDir = mkdtempSync(join(tmpdir(), 'custody-attachments-'));
  /** Every file under the attachment directory, staged or stored. */
  const files = () =>
    readdirSync(blobDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name))
      .sort();

  beforeAll(async () => {
    kit = await oversightKit(dialect, {}, undefined, {
      attachmentLimit: LIMIT,
      blobs: fileBlobStore(blobDir),
    });
    const officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    recordId = await new RecordDriver(kit, inspector).open('2025-03-01T09:00:00.000Z', {}, officer);
  }, 60_000);
  afterAll(async () => {
    await kit.close();
    rmSync(blobDir, { recursive: true, force: true });
  });

  const upload = (who: SignedIn, body: Buffer, type = 'image/png', query = '') =>
    kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${recordId}/attachments${query}`,
      headers: { ...who.headers, 'content-type': type },
      payload: body,
    });
  const download = (who: SignedIn, hash: string) =>
    kit.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${hash}`,
      headers: { cookie: who.cookie },
    });

  test('round trip: stored by its SHA-256, recorded in the log, served as a download', async () => {
    const r = await upload(inspector, PNG, 'image/png', '?description=%D0%A4%D0%BE%D1%82%D0%BE');
    expect(r.statusCode, r.body).toBe(201);
    const stored = r.json<{ sha256: string; sizeBytes: number; logIndex: number }>();
    expect(stored.sha256).toBe(sha(PNG));
    expect(stored.sizeBytes).toBe(PNG.length);
    const events = await kit.store.readStream(recordId);
    const added = events.find((e) => e.type === 'AttachmentAdded');
    expect(added?.logIndex).toBe(stored.logIndex);
    expect(added?.payload).toMatchObject({
      sha256: sha(PNG),
      kind: 'photo',
      mediaType: 'image/png',
      sizeBytes: PNG.length,
      description: 'Фото',
    });
    const g = await download(inspector, stored.sha256);
    expect(g.statusCode).toBe(200);
    expect(sha(g.rawPayload)).toBe(stored.sha256);
    expect(g.headers['content-type']).toBe('image/png');
    expect(g.headers['x-content-type-options']).toBe('nosniff');
    expect(g.headers['content-disposition']).toBe(`attachment; filename="${stored.sha256}"`);
  });

  test('the same bytes twice give the same hash', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% test\n');
    const one = (await upload(inspector, pdf, 'application/pdf')).json<{ sha256: string }>();
    const two = (await upload(inspector, pdf, 'application/pdf')).json<{ sha256: string }>();
    expect(one.sha256).toBe(sha(pdf));
    expect(two.sha256).toBe(one.sha256);
  });

  test('oversize is 413, other types 415, empty 400; nothing is stored', async () => {
    const before = (await kit.store.readStream(recordId)).length;
    expect((await upload(inspector, randomBytes(LIMIT + 1))).statusCode).toBe(413);
    expect((await upload(inspector, Buffer.from('hi'), 'text/html')).statusCode).toBe(415);
    expect((await upload(inspector, Buffer.from('x'), 'image/gif')).statusCode).toBe(415);
    expect((await upload(inspector, Buffer.alloc(0))).statusCode).toBe(400);
    expect((await kit.store.readStream(recordId)).length).toBe(before);
  });

  test('another unit, the administrator and unknown hashes get 404', async () => {
    const stranger = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    const admin = await kit.signIn('admin');
    const before = (await kit.store.readStream(recordId)).length;
    expect((await upload(stranger, PNG)).statusCode).toBe(404);
    expect((await upload(admin, PNG)).statusCode).toBe(404);
    expect((await download(stranger, sha(PNG))).statusCode).toBe(404);
    expect((await download(admin, sha(PNG))).statusCode).toBe(404);
    expect((await download(inspector, 'a'.repeat(64))).statusCode).toBe(404);
    expect((await download(inspector, 'not-a-hash')).statusCode).toBe(400);
    expect((await kit.store.readStream(recordId)).length).toBe(before);
    const supervisor = await kit.signIn('supervisor');
    expect((await upload(supervisor, PNG)).statusCode).toBe(403);
    expect((await download(supervisor, sha(PNG))).statusCode).toBe(200);
  });

  test('a refused upload (409 version conflict, 422 refused by the domain) leaves no file', async () => {
    const before = files();
    const bytes = Buffer.concat([PNG, randomBytes(64)]);
    const conflict = await upload(inspector, bytes, 'image/png', '?expectedVersion=0');
    expect(conflict.statusCode, conflict.body).toBe(409);
    const future = await upload(
      inspector,
      bytes,
      'image/png',
      '?occurredAt=2099-01-01T00:00:00.000Z',
    );
    expect(future.statusCode, future.body).toBe(422);
    expect(files()).toEqual(before);
    expect((await download(inspector, sha(bytes))).statusCode).toBe(404);
    // The same bytes accepted afterwards are stored once, and nothing is left staged.
    expect((await upload(inspector, bytes)).statusCode).toBe(201);
    expect(files()).toEqual([...before, join(blobDir, sha(bytes).slice(0, 2), sha(bytes))].sort());
  });
});
