import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type RootOperationNode,
} from 'kysely';
import type { Database } from './database.ts';

/**
 * The database as a call sees it, and the statements it runs, compiled as the database gets
 * them (for their plans). Subqueries pass through the plugin too; only statements that were
 * executed have a result, so only those are kept.
 */
export function recording<D extends Database>(database: D): { database: D; seen: CompiledQuery[] } {
  const seen: CompiledQuery[] = [];
  const compiled = new Map<unknown, CompiledQuery>();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      compiled.set(args.queryId, database.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs) {
      const query = compiled.get(args.queryId);
      if (query !== undefined) seen.push(query);
      return Promise.resolve(args.result);
    },
  };
  return { database: { ...database, db: database.db.withPlugin(plugin) }, seen };
}

/**
 * A statement's plan: EXPLAIN QUERY PLAN on SQLite; on PostgreSQL EXPLAIN, with `analyze` its
 * run's times and buffers (EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)).
 */
export async function planOf(
  database: Database,
  query: CompiledQuery,
  analyze = false,
): Promise<string> {
  const explain =
    database.dialect === 'sqlite'
      ? 'EXPLAIN QUERY PLAN '
      : analyze
        ? 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) '
        : 'EXPLAIN ';
  const { rows } = await database.db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(explain + query.sql, [...query.parameters]),
  );
  return rows.map((r) => r['detail'] ?? r['QUERY PLAN'] ?? '').join('\n');
}
