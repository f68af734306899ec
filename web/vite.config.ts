import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    // The CRM server owns /api; in development Vite serves the app and forwards the rest.
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
