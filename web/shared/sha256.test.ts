import { createHash } from 'node:crypto';
import { PAGE_OPERATIONS } from '../../contract/pageOperations';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
  // Lengths around the 55/56-byte padding boundary, multi-byte UTF-8, and the pages' own operations.
  it.each(['', 'abc', '人口变动', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(200), ...PAGE_OPERATIONS])('matches node:crypto for %j', (text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
