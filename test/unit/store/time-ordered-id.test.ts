import { expect } from 'chai';
import { timeOrderedUuid } from '../../../src/store/time-ordered-id.js';

describe('time-ordered signal ids (UUID v7)', () => {
  it('are valid version-7 UUIDs that carry their millisecond and sort by it', () => {
    const at = Date.UTC(2026, 10, 26, 5, 0, 0, 123);
    const id = timeOrderedUuid(at);
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(at);
    const later = Array.from({ length: 50 }, (_, i) => timeOrderedUuid(at + 1 + i));
    expect([...later].sort()).to.deep.equal(later);
    expect(later.every((l) => l > id)).to.equal(true);
  });

  it('differ within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(1_700_000_000_000)));
    expect(ids.size).to.equal(1000);
  });
});
