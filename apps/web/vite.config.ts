import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Lists every file of the build (lazy route chunks included) in precache-manifest.json, which the
 * hand-written service worker (public/sw.js) caches on install: the whole app shell works offline.
 */
function precacheManifest(): Plugin {
  return {
    name: 'custody-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => f.startsWith('assets/'));
      this.emitFile({
        type: 'asset',
        fileName: 'precache-manifest.json',
        source: JSON.stringify(files.sort()),
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), precacheManifest()],
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
