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
    // The largest chunk is the editor's CodeMirror (~515 kB), loaded only when the editor first
    // opens (screens/editor/editor.ts); the start-up chunk stays far below this.
    chunkSizeWarningLimit: 600,
  },
});
