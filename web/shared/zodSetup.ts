/**
 * Imported first by every page: zod would otherwise try to compile parsers with new Function,
 * which the pages' Content-Security-Policy (script-src 'self') forbids.
 */
import { z } from 'zod';

z.config({ jitless: true });
