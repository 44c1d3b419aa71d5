/// <reference types="vitest/config" />
// Vite builds the app into static files that `tandem serve --web-root` serves.
// `npm run dev` proxies /api, /healthz and /readyz to a running `tandem serve`
// (TANDEM_URL, default http://127.0.0.1:8080); see docs/web.md.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const target = process.env.TANDEM_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  build: {
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/healthz': { target },
      '/readyz': { target },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
  },
});
