import { defineConfig } from 'vite';

// Built files are loaded by Tauri from `frontendDist` (../ui/dist), so every URL is relative.
export default defineConfig({
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: URLs: the app's CSP is `script-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
