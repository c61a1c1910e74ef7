import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CreatedApiToken, RecordView } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { generateKeyFile } from '../apps/server/src/ops/keys.ts';
import { allMigrations } from '../apps/server/src/ops/serve.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../apps/server/test/databases.ts';
import { TEST_TOTP_SECRET } from '../apps/server/test/http/harness.ts';
import {
  sessionRequest,
  signInOverHttp,
  type HttpSession,
} from '../apps/server/test/http/http-session.ts';
import { startServerProcess, type ServerProcess } from '../apps/server/test/server-process.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'a password for the example integration';
const TOKEN_NAME = 'Міграція з паперового журналу';

/**
 * examples/replay-with-token.ts as an integrator runs it: a real server process, a token issued
 * over HTTP by a signed-in custody inspector of the unit (a token is never more than its issuer
 * may do), and the script as a child process talking to the server only through @custody/client.
 */
describe.each(DIALECTS)(
  'the example integration replays a record with a token on %s',
  (dialect) => {
    let db: TestDatabase;
    let dir: string;
    let server: ServerProcess;
    let inspector: HttpSession;
    let unitId = '';

    beforeAll(async () => {
      db = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'custody-example-'));
      await migrate(db, allMigrations);
      unitId = (await createUnit(db, { name: 'Відділ поліції №1', code: 'EX' })).id;
      await createUser(db, {
        username: 'inspector',
        password: PASSWORD,
        displayName: 'Гончаренко Олена',
        role: 'custody_inspector',
        unitId,
        totpSecret: TEST_TOTP_SECRET,
      });
      const keyFile = join(dir, 'signing.key');
      generateKeyFile(keyFile, 'custody.integration-test/log');
      server = await startServerProcess({
        DATABASE_URL: db.url,
        CUSTODY_KEY_FILE: keyFile,
        CUSTODY_ORIGIN: 'custody.integration-test/log',
        CUSTODY_WEB_DIST: join(dir, 'no-web'),
      });
      inspector = await signInOverHttp(server.url, 'inspector', PASSWORD, TEST_TOTP_SECRET);
    }, 120_000);

    afterAll(async () => {
      await server.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('opens a record, sends a batch and two single entries; the record holds them, made by the token', async () => {
      const issued = await sessionRequest(server.url, inspector, 'POST', '/api/v1/api-tokens', {
        name: TOKEN_NAME,
        scopes: ['records:commands'],
        commands: [
          'RecordDetention',
          'RecordDelivery',
          'RegisterDetainee',
          'RecordRightsExplained',
          'RecordNotification',
          'RecordCellCheck',
        ],
        actsAs: 'custody_inspector',
        unitId,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(issued.status).toBe(201);
      const token = issued.body as CreatedApiToken;

      const run = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'examples/replay-with-token.ts'],
        {
          cwd: root,
          env: {
            PATH: process.env['PATH'] ?? '',
            CUSTODY_URL: server.url,
            CUSTODY_TOKEN: token.token,
            CUSTODY_UNIT_ID: unitId,
          },
          timeout: 60_000,
        },
      );
      const out = JSON.parse(run.stdout) as {
        recordId: string;
        version: number;
        entries: string[];
      };
      expect(out.version).toBe(6);
      expect(out.entries).toEqual([
        'DetentionRecorded',
        'DetaineeDelivered',
        'DetaineeRegistered',
        'RightsExplained',
        'NotificationMade',
        'CellCheckRecorded',
      ]);

      const read = await sessionRequest(
        server.url,
        inspector,
        'GET',
        `/api/v1/records/${out.recordId}`,
      );
      expect(read.status).toBe(200);
      const view = read.body as RecordView;
      expect(view.summary.version).toBe(6);
      expect(view.timeline.map((e) => e.type)).toEqual(out.entries);
      expect(new Set(view.timeline.map((e) => e.occurredOffset))).toEqual(new Set(['+02:00']));
      expect(view.timeline.map((e) => e.actor)).toEqual(
        out.entries.map(() => ({
          id: token.id,
          role: 'custody_inspector',
          displayName: TOKEN_NAME,
        })),
      );

      // The same token may not do what it does not list: the script's refusal path is typed too.
      const refused = await fetch(`${server.url}/api/v1/records/${out.recordId}/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          expectedVersion: 6,
          commands: [
            {
              type: 'OfferDrink',
              occurredAt: new Date().toISOString(),
              payload: { accepted: true },
            },
          ],
        }),
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        code: 'forbidden',
        item: 0,
        reason: 'token_scope',
      });
    });
  },
);
