import { verifierFromVkey, type NoteVerifier } from '@custody/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBlobStore } from '../attachments/blob-store.ts';
import type { AppDeps } from '../app.ts';
import type { AppConfig } from '../config.ts';
import type { DialectName } from '../db/database.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';

export { ORIGIN } from '../../test/http/custody-harness.ts';

export type OversightKit = CustodyHarness & { readonly verifier: NoteVerifier };

/**
 * The whole app (custodyHarness with every route served) with a file blob store and the
 * default session settings; `verifier` checks the log's checkpoints.
 */
export async function oversightKit(
  dialect: DialectName,
  config: Partial<AppConfig> = {},
  start?: number,
  over: Partial<AppDeps> = {},
  skey?: string,
): Promise<OversightKit> {
  const blobDir = mkdtempSync(join(tmpdir(), 'custody-blobs-'));
  const harness = await custodyHarness(dialect, {
    full: true,
    env: {},
    config,
    ...(start === undefined ? {} : { start }),
    deps: { blobs: fileBlobStore(blobDir), ...over },
    ...(skey === undefined ? {} : { skey }),
  });
  return {
    ...harness,
    verifier: verifierFromVkey(harness.vkey),
    async close() {
      await harness.close();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** A detention payload (DetentionRecorded without the record id) with overrides. */
export function detention(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    person: { kind: 'identified', fullName: 'Петренко Петро Петрович', dateOfBirth: '1990-05-01' },
    place: { description: 'м. Київ, вул. Хрещатик, 1' },
    detainingOfficers: [{ id: 'officer-1', name: 'Іваненко І. І.' }],
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: 'Застигнутий під час вчинення крадіжки з магазину.',
    juvenile: false,
    foreigner: false,
    language: 'uk',
    bodycamRefs: [],
    ...over,
  };
}

/** Drives one record through the real command routes as one signed-in user. */
export class RecordDriver {
  version = 0;
  recordId = '';
  constructor(
    private readonly kit: OversightKit,
    private readonly who: SignedIn,
  ) {}

  async open(
    occurredAt: string,
    over: Record<string, unknown> = {},
    who: SignedIn = this.who,
  ): Promise<string> {
    const r = await this.kit.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: who.headers,
      payload: { occurredAt, payload: detention(over) },
    });
    if (r.statusCode !== 201) throw new Error(`open failed: ${r.statusCode} ${r.body}`);
    const body = r.json<{ recordId: string; version: number }>();
    this.recordId = body.recordId;
    this.version = body.version;
    return body.recordId;
  }

  async run(
    type: string,
    occurredAt: string,
    payload: Record<string, unknown>,
    who: SignedIn = this.who,
  ): Promise<{ eventId: string; logIndex: number }> {
    const r = await this.kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${this.recordId}/commands/${type}`,
      headers: who.headers,
      payload: { occurredAt, expectedVersion: this.version, payload },
    });
    if (r.statusCode !== 201) throw new Error(`${type} failed: ${r.statusCode} ${r.body}`);
    const body = r.json<{ version: number; events: { eventId: string; logIndex: number }[] }>();
    this.version = body.version;
    const first = body.events[0];
    if (first === undefined) throw new Error(`${type} stored nothing`);
    return first;
  }
}
