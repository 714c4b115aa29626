import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * index.html links the DSFR styles and favicons from the repository's node_modules with
 * relative URLs (`../node_modules/…`): the build resolves and bundles them. The dev server
 * would ask the browser for `/node_modules/…` under web/, so point it at `/@fs/…` instead.
 */
function devNodeModulesLinks(): Plugin {
  return {
    name: 'stage-seconde:dev-node-modules-links',
    apply: 'serve',
    transformIndexHtml: {
      // before Vite resolves relative URLs against the requested path (/accessibilite…)
      order: 'pre',
      handler: (html) => html.replaceAll('href="../node_modules/', `href="/@fs${repoDir}node_modules/`),
    },
  };
}

/**
 * The React application. Built into web/dist, which the Fastify server serves at `/`
 * (client-side routes fall back to index.html). In development, `/api` goes to the server.
 */
export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react(), devNodeModulesLinks()],
  // No public/ folder: every asset (DSFR styles, Marianne fonts, icons, favicons) is imported
  // from node_modules and bundled, hashed, into dist/assets.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Only tiny files (icons) are inlined; fonts stay files (cacheable).
    assetsInlineLimit: 4096,
    // react-dom and react-router make most of the one entry chunk (~145 kB gzipped).
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: { host: '127.0.0.1', port: 4173 },
});
