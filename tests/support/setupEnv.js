// Test runs log only errors to stderr unless LOG_LEVEL says otherwise: warnings from deliberate faults would drown the output.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';
// Every line at every level also goes to one file per Jest worker (child processes the tests start
// inherit it), so scripts/checkLogs.ts can prove no seeded ID number or name was logged in clear.
const { join } = require('node:path');
process.env.LOG_FILE = process.env.LOG_FILE || join(__dirname, '..', '..', 'test-artifacts', 'logs', `worker-${process.env.JEST_WORKER_ID || '1'}.log`);
process.env.LOG_FILE_LEVEL = process.env.LOG_FILE_LEVEL || 'debug';
