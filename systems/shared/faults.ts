/**
 * Fault injection for the stand-ins (`POST /__admin/faults`), so tests and benchmarks can make
 * a system slow, erroring or down through the same HTTP surface the contract names.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

export const FaultSettings = z.strictObject({
  /**
   * none; down: connections dropped unanswered; slow: every request delayed by latencyMs;
   * error: the protocol's own error reply; lose-reply: the request is carried out (a write is
   * committed) but the answer is lost, as when the network drops after the system acted.
   */
  mode: z.enum(['none', 'down', 'slow', 'error', 'lose-reply']),
  /** Delay added to every request in `slow` mode, in ms. @default 5000 */
  latencyMs: z.number().int().min(0).max(120_000).default(5000),
  /** Only requests whose path contains this text are affected (e.g. "/termination"). @default every request */
  path: z.string().min(1).max(200).optional(),
  /**
   * A transient fault: only the next `times` matching requests are affected, then the fault
   * clears itself (mode back to none). `GET /__admin/faults` shows how many remain, so a test
   * can count the attempts a client made (faulted requests never reach the stats).
   * @default every request until the fault is changed
   */
  times: z.number().int().min(1).max(1_000_000).optional(),
});
export type FaultSettings = z.output<typeof FaultSettings>;

export class FaultState {
  settings: FaultSettings = { mode: 'none', latencyMs: 5000 };

  /**
   * Middleware applying the current fault to a protocol request. `down` drops the connection
   * without an answer, as a crashed or unplugged system would.
   */
  middleware(errorReply: (res: Response) => void) {
    return (req: Request, res: Response, next: NextFunction): void => {
      const { mode, latencyMs, path, times } = this.settings;
      if (mode === 'none' || (path && !req.path.includes(path))) {
        next();
        return;
      }
      if (times !== undefined) this.settings = times > 1 ? { ...this.settings, times: times - 1 } : { mode: 'none', latencyMs };
      if (mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (mode === 'error') {
        errorReply(res);
        return;
      }
      if (mode === 'lose-reply') {
        // Let the route do its work, then drop the connection instead of answering.
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as typeof res.end;
        next();
        return;
      }
      if (mode === 'slow') {
        const timer = setTimeout(next, latencyMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      next();
    };
  }
}
