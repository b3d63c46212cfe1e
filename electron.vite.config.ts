import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // worker.ts is the worker threads' entry (main/jobs/runner.ts finds out/main/worker.js beside
      // itself). Code shared by both entries (the runner among it: an import's reader thread is
      // started from the worker) goes to chunks beside them, not in a chunks/ folder, so that the
      // runner, wherever it lands, still finds worker.js next to it.
      rollupOptions: {
        input: { index: resolve(__dirname, 'main/index.ts'), worker: resolve(__dirname, 'main/jobs/worker.ts') },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed renderer cannot load an ESM preload: emit CommonJS with a .cjs name.
      rollupOptions: {
        input: { preload: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
      chunkSizeWarningLimit: 4000,
    },
  },
});
