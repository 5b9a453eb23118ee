/**
 * Fault injection for the stand-ins (`POST /__admin/faults`), so tests and benchmarks can make
 * a system slow, erroring or down through the same HTTP surface the contract names.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

export const FaultSettings = z.strictObject({
  mode: z.enum(['none', 'down', 'slow', 'error']),
  /** Delay added to every request in `slow` mode, in ms. @default 5000 */
  latencyMs: z.number().int().min(0).max(120_000).default(5000),
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
      const { mode, latencyMs } = this.settings;
      if (mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (mode === 'error') {
        errorReply(res);
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
