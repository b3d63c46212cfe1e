// Record keys: UUIDv7 in the RFC 9562 layout, increasing within a process whatever the clock does,
// and accepted wherever a key is validated, beside the version-4 keys older rows have.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { UUID_PATTERN, uuidV7Generator, uuidv7, uuidv7Time } from '../../../shared/domain/uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A clock that plays back the given times (then stays on the last), and real random bytes. */
function scripted(times: number[]) {
  let i = 0;
  return uuidV7Generator({
    now: () => times[Math.min(i++, times.length - 1)],
    fill: (b) => globalThis.crypto.getRandomValues(b),
  });
}

describe('uuidv7', () => {
  it('has the version 7 and variant 10 bits, lowercase hex in the 8-4-4-4-12 form', () => {
    for (let i = 0; i < 2000; i++) expect(uuidv7()).toMatch(V7);
  });

  it('puts the current Unix milliseconds in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    // The counter may have carried into a following millisecond after earlier tests: a few at most.
    expect(uuidv7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidv7Time(id)).toBeLessThanOrEqual(after + 5);
    expect(uuidv7Time('0f0e0d0c-0b0a-4000-8000-000000000000')).toBeNull();
  });

  it('strictly increases within a process, as a string, for any clock: still, jumping, or going back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 30 }), (times, repeat) => {
        const next = scripted(times.flatMap((t) => Array<number>(repeat).fill(t)));
        let last = '';
        for (let i = 0; i < times.length * repeat; i++) {
          const id = next();
          expect(id).toMatch(V7);
          expect(id > last).toBe(true);
          last = id;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('makes more than 4096 keys in one millisecond by carrying into the next, never repeating', () => {
    const next = scripted([1_700_000_000_000]);
    const ids = Array.from({ length: 20_000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The carry runs at most a few milliseconds ahead of a clock that stood still.
    expect(uuidv7Time(ids.at(-1)!)! - 1_700_000_000_000).toBeLessThan(10);
  });

  it('is random beyond the time and counter: two generators on the same clock differ', () => {
    const a = scripted([5]);
    const b = scripted([5]);
    expect(a().slice(19)).not.toBe(b().slice(19));
  });

  it('is accepted wherever a key is validated, as the version-4 keys of older rows still are', () => {
    const v4 = '3b241101-e2bb-4255-8caf-4136c566a962';
    const v7 = uuidv7();
    for (const id of [v4, v7]) {
      expect(UUID_PATTERN.test(id)).toBe(true);
      expect(contract['history.get'].input.safeParse({ table: 'households', id }).success, id).toBe(true);
      expect(contract['households.remove'].input.safeParse({ id }).success, id).toBe(true);
    }
    expect(contract['households.remove'].input.safeParse({ id: 'not-a-key' }).success).toBe(false);
  });
});
