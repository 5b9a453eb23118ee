/**
 * Prepared statements by their SQL text, each prepared once per connection. A stand-in's request
 * runs the same few statements every time; preparing (parsing and planning) them again on every
 * request was a visible share of a stand-in's CPU under a burst. The texts are the store's own
 * (a search builds one of a few clause combinations), so the cache stays small.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../platform/stores/sqlite';

export type Prepared = (sql: string) => Statement<unknown[], unknown>;

export function preparedStatements(db: SqliteDatabase): Prepared {
  const prepared = new Map<string, Statement<unknown[], unknown>>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
}
