/**
 * Form downloads at the edge: GET /exports/forms.xlsx and /exports/forms.csv with the same
 * bearer token as /graphql. The forms are read through the graph itself, with the department
 * desk's own query (so the same permissions apply and the download holds what the desk shows),
 * then written as a workbook (one sheet per form type, the template's fields as columns) or as
 * one CSV (a column per field across types); the columns follow the templates' declarations
 * (domain/forms).
 */
import type { ApolloServer } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { exportColumns } from '../domain/forms/layout';
import { toCsv } from '../platform/csv';
import { FORMS_QUERY, type FormRow } from '../contract/pageOperations';
import type { Authenticator, GatewayContext } from './context';

const FIXED_COLUMNS = ['formId', 'formNumber', 'formType', 'title', 'department', 'effectiveDate', 'createdAt', 'intakeId'] as const;

function fixedValues(f: FormRow): string[] {
  return [f.id, String(f.number), f.type, f.title, f.department, f.effectiveDate, f.createdAt, f.intakeId];
}

function rows(forms: FormRow[], columns: string[]): string[][] {
  return forms.map((f) => {
    const byName = new Map(f.fields.map((x) => [x.name, x.value ?? '']));
    return [...fixedValues(f), ...columns.map((c) => byName.get(c) ?? '')];
  });
}

export async function formsWorkbook(forms: FormRow[]): Promise<Buffer> {
  // Loaded on the first download: the spreadsheet library is ~20 MB the idle gateway does not need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'resident-graph';
  const byType = new Map<string, FormRow[]>();
  for (const f of forms) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  const summary = workbook.addWorksheet('summary');
  summary.addRow(['formType', 'title', 'count']);
  for (const [type, list] of byType) summary.addRow([type, list[0].title, list.length]);
  for (const [type, list] of [...byType].sort(([, a], [, b]) => a[0].number - b[0].number)) {
    // Sheet names are at most 31 characters in XLSX.
    const sheet = workbook.addWorksheet(`${list[0].number}-${type}`.slice(0, 31));
    const columns = exportColumns(list);
    sheet.addRow([...FIXED_COLUMNS, ...columns]).font = { bold: true };
    for (const row of rows(list, columns)) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function formsCsv(forms: FormRow[]): string {
  const columns = exportColumns(forms);
  return toCsv([...FIXED_COLUMNS, ...columns], rows(forms, columns));
}

/** The period and type from the query string, passed to the graph as they are (it validates them). */
function variables(req: Request): Record<string, unknown> {
  const q = req.query as Record<string, string | undefined>;
  const period = q.preset ? { preset: q.preset } : { from: q.from, to: q.to };
  return { period, type: q.type || null };
}

export function exportHandler(apollo: ApolloServer<GatewayContext>, authenticator: Authenticator, format: 'xlsx' | 'csv') {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      let context: GatewayContext;
      try {
        context = await authenticator(req);
      } catch (err) {
        res.status(401).json({ errors: [{ message: (err as GraphQLError).message, extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const result = await apollo.executeOperation<{ forms: FormRow[] }>({ query: FORMS_QUERY, variables: variables(req) }, { contextValue: context });
      if (result.body.kind !== 'single') throw new Error('unexpected incremental result');
      const { data, errors } = result.body.singleResult;
      if (errors?.length || !data) {
        const code = errors?.[0]?.extensions?.code;
        res.status(code === 'BAD_USER_INPUT' ? 400 : code === 'FORBIDDEN' ? 403 : 502).json({ errors });
        return;
      }
      const stamp = new Date().toISOString().slice(0, 10);
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8').attachment(`forms-${stamp}.csv`).send('\ufeff' + formsCsv(data.forms));
      } else {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`forms-${stamp}.xlsx`).send(await formsWorkbook(data.forms));
      }
    } catch (err) {
      next(err);
    }
  };
}
