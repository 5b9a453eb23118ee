/**
 * The one endpoint of the subsidy service, SOAP 1.1 over HTTP:
 *   POST /soap/SubsidyService   Content-Type text/xml, SOAPAction "<ns>#GetSubsidyRecord" | "<ns>#StopSubsidy"
 *   GET  /soap/SubsidyService?wsdl
 * Every error is a SOAP Fault with HTTP 500, as SOAP 1.1 specifies: soap:Client for a request
 * the service refuses, soap:Server for its own failure.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { runOperation } from './operations';
import { ClientFault, faultEnvelope, operationOfSoapAction, readRequest, replyEnvelope, SERVICE_PATH, XML_CONTENT_TYPE } from './soap';
import { SubsidyStore } from './store';
import { subsidyServiceWsdl } from './wsdl';

/** Bodies are read as text whatever their Content-Type, so a wrong one gets a Fault rather than silence. */
export const soapBodyParsers = [express.text({ type: () => true, limit: '256kb' })];

export function sendFault(res: Response, faultcode: 'soap:Client' | 'soap:Server', faultstring: string, errorCode: string): void {
  res.status(500).type(XML_CONTENT_TYPE).send(faultEnvelope(faultcode, faultstring, errorCode));
}

export function serverFault(res: Response): void {
  sendFault(res, 'soap:Server', 'The subsidy service failed to process the request.', 'INTERNAL_ERROR');
}

export function subsidyServiceRoutes(router: Router, ctx: StandInContext): void {
  const store = new SubsidyStore(ctx.db);

  // Counted by the operation the SOAPAction header names: tests read GetSubsidyRecord / StopSubsidy.
  const countOperation = (req: Request, _res: Response, next: NextFunction) => {
    ctx.stats.count(operationOfSoapAction(req.get('SOAPAction')) ?? 'invalid');
    next();
  };

  router.post(SERVICE_PATH, countOperation, async (req, res) => {
    try {
      if (!/^text\/xml\b/i.test(req.get('content-type') ?? '')) throw new ClientFault('Content-Type must be text/xml; charset=utf-8 (SOAP 1.1).');
      const action = operationOfSoapAction(req.get('SOAPAction'));
      if (!action) throw new ClientFault('The SOAPAction header must name an operation of this service; see the WSDL.');
      const { operation, payload } = readRequest(typeof req.body === 'string' ? req.body : '');
      if (operation !== action) throw new ClientFault(`The SOAPAction header names ${action} but the Body holds another element.`);
      // The one write waits for the group commit (on disk before the answer); reads answer at once.
      const reply = action === 'StopSubsidy' ? await ctx.commit.run(() => runOperation(action, payload, store)) : runOperation(action, payload, store);
      res.status(200).type(XML_CONTENT_TYPE).send(replyEnvelope(reply.element, reply.content));
    } catch (err) {
      if (err instanceof ClientFault) {
        sendFault(res, 'soap:Client', err.message, err.errorCode);
        return;
      }
      ctx.logger.error('operation failed', { error: err instanceof Error ? err.message : String(err) });
      serverFault(res);
    }
  });

  router.get(SERVICE_PATH, ctx.stats.as('wsdl'), (req, res) => {
    if (!('wsdl' in req.query)) {
      res.status(405).set('Allow', 'POST').type('text/plain').send('POST SOAP 1.1 requests here; GET ?wsdl for the service description.');
      return;
    }
    res.type(XML_CONTENT_TYPE).send(subsidyServiceWsdl(`${req.protocol}://${req.get('host')}${SERVICE_PATH}`));
  });

  // Body-parser failures (a body over the limit) are the client's fault, reported the SOAP way.
  router.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.status && err.status < 500) sendFault(res, 'soap:Client', 'The request body could not be read (too large or badly encoded).', 'BAD_REQUEST');
    else serverFault(res);
  });
}
