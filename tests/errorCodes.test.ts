/** Every error code in the registry is documented in README.md, and nothing undocumented is used. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../platform/errors';

describe('error code documentation', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  it.each(Object.keys(ERROR_CODES))('%s is documented in the README error table', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
