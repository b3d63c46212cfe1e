// Time-ordered record keys: UUID version 7 (RFC 9562 §5.7). The first 48 bits are the Unix time in
// milliseconds, so keys made one after another sort one after another and an index insert lands
// at the right edge of its B-tree instead of on a random page (an import of 300k people writes
// several times faster than with random version-4 keys). They stay UUIDs, globally unique, so the
// merge between PCs planned later can still take rows from two databases side by side; the
// version-4 keys of older rows stay valid.
//
// Monotonic within a process (RFC 9562 §6.2, method 1): the 12 rand_a bits are a counter that
// starts at a random value below 2048 in each new millisecond and counts up within it; if it runs
// out, or the clock steps back, the time field carries on from the last key's millisecond. So
// every key is greater, as a string too, than the one made before it in the same thread.
// Web Crypto only (shared/ runs in both processes: no Node built-ins).

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Uppercase or lowercase, any version and the RFC variant: what a key of this database may look like. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const COUNTER_MAX = 0xfff;
/** A new millisecond's counter starts below half its range, leaving at least 2048 keys before it carries. */
const COUNTER_SEED_MASK = 0x7ff;
/** Random bytes drawn per key: 2 for a counter seed, 8 for rand_b. */
const BYTES_PER_KEY = 10;
const POOL_KEYS = 256;

export interface UuidV7Source {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Fills the array with random bytes (Web Crypto's getRandomValues). */
  fill(bytes: Uint8Array): void;
}

const DEFAULT_SOURCE: UuidV7Source = {
  now: () => Date.now(),
  fill: (bytes) => {
    globalThis.crypto.getRandomValues(bytes);
  },
};

/** A generator with its own clock, counter and random pool (tests pass a fake clock). */
export function uuidV7Generator(source: UuidV7Source = DEFAULT_SOURCE): () => string {
  let lastMs = -1;
  let counter = 0;
  const pool = new Uint8Array(BYTES_PER_KEY * POOL_KEYS);
  let at = pool.length;
  const bytes = new Uint8Array(16);

  return () => {
    if (at === pool.length) {
      source.fill(pool);
      at = 0;
    }
    const r = at;
    at += BYTES_PER_KEY;
    const now = Math.floor(source.now());
    if (now > lastMs) {
      lastMs = now;
      counter = ((pool[r] << 8) | pool[r + 1]) & COUNTER_SEED_MASK;
    } else if (counter < COUNTER_MAX) {
      counter++;
    } else {
      // 4096 keys in one millisecond, or the clock went back: borrow the next millisecond.
      lastMs++;
      counter = ((pool[r] << 8) | pool[r + 1]) & COUNTER_SEED_MASK;
    }
    let ms = lastMs;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (pool[r + 2] & 0x3f);
    for (let i = 9; i < 16; i++) bytes[i] = pool[r + i - 6];
    return (
      HEX[bytes[0]] + HEX[bytes[1]] + HEX[bytes[2]] + HEX[bytes[3]] + '-' +
      HEX[bytes[4]] + HEX[bytes[5]] + '-' +
      HEX[bytes[6]] + HEX[bytes[7]] + '-' +
      HEX[bytes[8]] + HEX[bytes[9]] + '-' +
      HEX[bytes[10]] + HEX[bytes[11]] + HEX[bytes[12]] + HEX[bytes[13]] + HEX[bytes[14]] + HEX[bytes[15]]
    );
  };
}

/** A new record key: UUIDv7, increasing within this thread. */
export const uuidv7: () => string = uuidV7Generator();

/** The Unix milliseconds a version-7 key was made at; null for any other key. */
export function uuidv7Time(id: string): number | null {
  if (!UUID_PATTERN.test(id) || id[14] !== '7') return null;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
