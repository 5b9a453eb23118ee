// Test runs log only errors unless LOG_LEVEL says otherwise: warnings from deliberate faults would drown the output.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';
