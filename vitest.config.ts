import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Encrypted databases are real files and the native module is shared: keep workers few — two,
    // one a core (the default leaves one core idle on the office's and CI's 2-core machines, and
    // the suite then takes over 15 minutes of CI's 30).
    pool: 'forks',
    maxWorkers: 2,
    // Guards against a hung test, not timings: with two workers a test that spawns the CLI a few
    // times (tsx compiling main/cli.ts each time) shares the cores and took over 60 s once.
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
