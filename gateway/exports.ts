/**
 * Form downloads at the edge: GET /exports/forms.xlsx and /exports/forms.csv with the same
 * bearer token as /graphql. The forms are read through the graph itself, with the department
 * desk's own query (so the same permissions apply and the download holds what the desk shows),
 * then written as a workbook (one sheet per form type, the template's fields as columns) or as
 * one CSV (a column per field across types), as a clerk files them (./formSheets.ts), under a
 * name with the department and the period (./downloadName.ts). A department's download records
 * that it has seen the forms it holds (acknowledgeForms up to the newest one), so the desk's
 * "new since last time" counts from it; supervision's never does.
 */
import type { ApolloServer } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { ACKNOWLEDGE_FORMS_MUTATION, FORMS_QUERY, type FormRow } from '../contract/pageOperations';
import { isServiceRole } from '../platform/auth/caller';
import type { Authenticator, GatewayContext } from './context';
import { contentDisposition, downloadNames, periodOf } from './downloadName';
import { formsCsv, formsWorkbook } from './formSheets';

export { formsCsv, formsWorkbook } from './formSheets';

/** The period, type, date kind and community from the query string, passed to the graph as they are (it validates them). */
function variables(req: Request): Record<string, unknown> {
  const q = req.query as Record<string, string | undefined>;
  const period = q.preset ? { preset: q.preset } : { from: q.from, to: q.to };
  return { period, type: q.type || null, by: q.by || null, community: q.community || null };
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
      const body = format === 'csv' ? '\ufeff' + formsCsv(data.forms) : await formsWorkbook(data.forms);
      res.set('X-Forms-Acknowledged', await acknowledgeDownloaded(apollo, context, data.forms));
      const query = req.query as Record<string, string | undefined>;
      const names = downloadNames(context.caller, periodOf(query), format, { by: query.by, community: query.community });
      res.set('Content-Disposition', contentDisposition(names));
      // The BOM tells Excel the CSV is UTF-8: without it Chinese opens as mojibake on a Chinese-locale Windows.
      if (format === 'csv') res.type('text/csv; charset=utf-8').send(body);
      else res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Records that the caller's department has seen the forms of a download it built, up to the newest
 * one, through the graph (the mutation's own rules apply). Answers the mark recorded, or why none
 * was: the file still goes out when the mark cannot be recorded (its forms then stay "new", which
 * loses nothing).
 */
async function acknowledgeDownloaded(apollo: ApolloServer<GatewayContext>, context: GatewayContext, forms: readonly FormRow[]): Promise<string> {
  if (context.caller.role === 'supervision' || isServiceRole(context.caller.role)) return 'never (supervision)';
  if (forms.length === 0) return 'nothing (no forms)';
  const upTo = forms.map((f) => f.createdAt).reduce((a, b) => (a > b ? a : b));
  const result = await apollo.executeOperation<{ acknowledgeForms: string }>({ query: ACKNOWLEDGE_FORMS_MUTATION, variables: { upTo } }, { contextValue: context });
  if (result.body.kind !== 'single' || result.body.singleResult.errors?.length || !result.body.singleResult.data) return 'not recorded';
  return result.body.singleResult.data.acknowledgeForms;
}
