/**
 * The stand-ins in one process, each on its own port with its own SQLite file, admin
 * endpoints and faults, as if separate (npm start hosts the same list in its own process). They are stand-ins for systems that
 * run elsewhere: sharing one Node process saves some 400 MB on a small machine. Each still has
 * its own entry (systems/<system>/main.ts), which a container or a test runs alone.
 */
import { ALL_STAND_INS } from './all';
import { runStandIns } from './shared/main';

void runStandIns(ALL_STAND_INS);
