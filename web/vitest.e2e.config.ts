import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The console end to end: one file, one server, one browser, in order (scripts/test.sh suite "console").
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
