/** The desk's marks on forms (types.ts FormMarks) in the intake's SQLite file, written through the store's group commit (`durably`). */
import type { SqliteDatabase } from '../stores/sqlite';
import type { FormHandling, FormMarks } from './types';

export function sqliteFormMarks(db: SqliteDatabase, durably: <T>(write: () => T) => Promise<T>): FormMarks {
  const sql = {
    // ISO timestamps in UTC sort as text: MAX keeps the later mark.
    acknowledge: db.prepare<{ scope: string; upTo: string }, { up_to: string }>(
      `INSERT INTO form_acknowledgements (scope, up_to) VALUES (@scope, @upTo)
         ON CONFLICT (scope) DO UPDATE SET up_to = MAX(up_to, excluded.up_to)
       RETURNING up_to`,
    ),
    marks: db.prepare<[string], { scope: string; up_to: string }>('SELECT scope, up_to FROM form_acknowledgements WHERE scope IN (SELECT value FROM json_each(?))'),
    handle: db.prepare<{ id: string; at: string; by: string }>(
      `INSERT INTO form_handling (form_id, handled_at, handled_by) VALUES (@id, @at, @by)
         ON CONFLICT (form_id) DO UPDATE SET handled_at = excluded.handled_at, handled_by = excluded.handled_by`,
    ),
    unhandle: db.prepare<[string]>('DELETE FROM form_handling WHERE form_id = ?'),
    handling: db.prepare<[string], { form_id: string; handled_at: string; handled_by: string }>('SELECT * FROM form_handling WHERE form_id IN (SELECT value FROM json_each(?))'),
  };
  const markAll = db.transaction((ids: readonly string[], handling: FormHandling | null) => {
    for (const id of ids) {
      if (handling) sql.handle.run({ id, ...handling });
      else sql.unhandle.run(id);
    }
  });

  return {
    async acknowledgeForms(scope, upTo) {
      return durably(() => sql.acknowledge.get({ scope, upTo })!.up_to);
    },
    async acknowledgedUpTo(scopes) {
      return new Map(sql.marks.all(JSON.stringify(scopes)).map((r) => [r.scope, r.up_to]));
    },
    async markFormsHandled(ids, handling) {
      await durably(() => markAll(ids, handling));
    },
    async formHandling(ids) {
      return new Map(sql.handling.all(JSON.stringify(ids)).map((r) => [r.form_id, { at: r.handled_at, by: r.handled_by }]));
    },
  };
}
