import { defineConfig } from 'vite';

/**
 * The dashboard is served by the gateway under /dashboard/ (gateway/src/dashboard.ts): every
 * script, style and chart is bundled into dist/, nothing is loaded from elsewhere.
 */
export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One page: no source maps shipped, no inline assets (the gateway's CSP allows only 'self').
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // ECharts (bar and line charts only) is most of the bundle: about 580 kB, 200 kB gzipped.
    chunkSizeWarningLimit: 800,
  },
});
