import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside every text asset, so the server sends the
 * compressed file as it is (@fastify/static `preCompressed`) instead of compressing per request.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|svg|json|txt|map)$/;
  return {
    name: 'lindung-precompress',
    apply: 'build',
    writeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!TEXT.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The server serves web/dist with an SPA fallback; in development Vite proxies /api to it.
export default defineConfig({
  root,
  plugins: [react(), precompress()],
  build: { outDir, emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
