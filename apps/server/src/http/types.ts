import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyServerOptions,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { NoteSigner, Policy } from '@custody/ledger';
import type { Action } from '../authz/actions.ts';
import type { Principal } from '../authz/principal.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { BlobStore } from '../attachments/blob-store.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { CustodySettings } from '../records/custody-settings.ts';
import type { EventStore } from '../store/index.ts';

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A custody record as other modules name it: its unit, and its detainee as the record shows them. */
export interface RecordRef {
  readonly unitId: string;
  readonly name: string;
}

/** Everything the app depends on, passed in: no globals, no service locator. */
export interface AppDeps {
  readonly database: Database;
  readonly clock: () => Date;
  readonly config: AppConfig;
  /** false (default) for none; true or pino options (e.g. with a `stream`) for structured logs. */
  readonly logger?: FastifyServerOptions['logger'];
  /** The built web app (index.html and assets), served with SPA fallback; none when null. */
  readonly webRoot?: string | null;
  /**
   * The unit a custody record belongs to and its detainee's name, for record-scoped grants; null
   * when there is no such record.
   */
  readonly recordRef?: (recordId: string) => Promise<RecordRef | null>;
  /** The C2SP verifier key of the log's checkpoints, published for witnesses (integrity.md). */
  readonly vkey?: string;
  /**
   * The log's signing key (the store's; its vkey is `vkey`), for signed statements other than
   * checkpoints: the extract statement of documents/extract-statement.ts. Extracts need it.
   */
  readonly signer?: NoteSigner;
  /** Where attachments are kept, content-addressed by SHA-256. */
  readonly blobs?: BlobStore;
  /** Largest attachment accepted, in bytes (413 beyond); default 25 MiB. */
  readonly attachmentLimit?: number;
  /** The tamper-evident event store; the custody record features are served only with one. */
  readonly store?: EventStore;
  /** New ids (UUID v4) for custody records and events. */
  readonly ids?: () => string;
  /** Clock and decide settings (late-entry minutes, cell-check intervals, ...). */
  readonly settings?: CustodySettings;
  /**
   * The c2sp.org/tlog-policy naming the log's witnesses and quorum (CUSTODY_WITNESS_POLICY);
   * none: the log is not witnessed.
   */
  readonly witnessPolicy?: Policy;
  /** The in-process bus of appended custody events (server-sent events). */
  readonly live?: LiveBus;
}

/** A feature's routes: every feature folder exports one, and app.ts lists them. */
export type RegisterRoutes = (app: App, deps: AppDeps) => void;

/**
 * Who may call a route, declared on every /api route as `config: { access }`:
 * - public: anyone;
 * - session: a signed-in person (not an API token); `enrolment` also admits a
 *   person who must still set up the second factor;
 * - principal: a person or an API token; the handler authorizes per resource;
 * - action: `authorize(principal, action, { kind: 'system' })` before the handler.
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'session'; readonly enrolment?: boolean }
  | { readonly kind: 'principal' }
  | { readonly kind: 'action'; readonly action: Action };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The session cookie's secret when the caller is signed in by cookie. */
    sessionSecret: string | null;
  }
}
