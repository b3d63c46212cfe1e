import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Encrypted databases are real files and the native module is shared: keep workers few.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
