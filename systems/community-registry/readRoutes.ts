/** The registry's read protocol: communities, the person list (keyset pages), lookups, dwellings, CSV export. */
import type { Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { toCsv } from '../../platform/csv';
import type { RegistryQueries } from './store';
import { EXPORT_HEADER, ListQuery, LookupBody, dwellingJson, exportRecord, invalid, personJson } from './wire';

export function readRoutes(router: Router, { stats }: StandInContext, queries: RegistryQueries): void {
  router.get('/registry/communities', stats.as('communities'), (_req, res) => {
    res.json({ items: queries.communities() });
  });

  router.get('/registry/persons', stats.as('list'), (req, res) => {
    const parsed = ListQuery.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json(invalid('invalid_query', parsed.error.issues));
      return;
    }
    const { limit, after, status } = parsed.data;
    const departed = status === 'departed';
    // One row beyond the page tells whether another page follows.
    const rows = departed ? queries.departedPage(after, limit + 1) : queries.page(after, limit + 1);
    const items = rows.slice(0, limit);
    const total = departed ? queries.departedCount() : queries.count();
    res.json({ items: items.map(personJson), nextAfter: rows.length > limit ? items[items.length - 1].id_number : null, total });
  });

  router.post('/registry/persons/lookup', stats.as('lookup'), (req, res) => {
    const parsed = LookupBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(invalid('invalid_lookup', parsed.error.issues));
      return;
    }
    const wanted = [...new Set(parsed.data.idNumbers)];
    const found = queries.persons(wanted);
    res.json({ items: found.map(personJson), notFound: wanted.length - found.length });
  });

  router.get('/registry/persons/:idNumber', stats.as('person'), (req, res) => {
    const row = queries.person(String(req.params.idNumber));
    if (!row) {
      res.status(404).json({ error: 'unknown_person', message: 'No person with this ID number is registered.' });
      return;
    }
    res.json(personJson(row));
  });

  router.get('/registry/dwellings/:dwellingId', stats.as('dwelling'), (req, res) => {
    const dwellingId = String(req.params.dwellingId);
    const row = queries.dwelling(dwellingId);
    if (!row) {
      res.status(404).json({ error: 'unknown_dwelling', message: 'No dwelling with this id is registered.' });
      return;
    }
    res.json(dwellingJson(row, queries.occupants(dwellingId)));
  });

  router.get('/registry/export.csv', stats.as('export'), (req, res) => {
    const community = typeof req.query.community === 'string' ? req.query.community : undefined;
    if (community !== undefined && !queries.community(community)) {
      res.status(404).json({ error: 'unknown_community', message: `No community with code "${community}"; GET /registry/communities lists them.` });
      return;
    }
    res
      .type('text/csv; charset=utf-8')
      .attachment(`registry-${community ?? 'all'}.csv`)
      .send(toCsv(EXPORT_HEADER, queries.exportRows(community).map(exportRecord)));
  });
}
