/**
 * npm run build:web: bundles the front-end (web/) with esbuild into dist/web: one HTML file per
 * page, and under assets/ each page's script and the stylesheet with a content hash in their
 * names (served immutable by gateway/pages, each with a brotli .br and a gzip .gz copy), plus chunks loaded on demand (the bulk import and
 * its spreadsheet reader). The shared zod schemas from domain/ are bundled in: the page checks
 * input with the very code the server runs. Nothing is fetched from a CDN at run time.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const WEB = join(ROOT, 'web');

/** Page name -> its script's entry; every page also gets the stylesheet. */
const PAGES = { intake: 'web/intake/main.ts', desk: 'web/desk/main.ts', qr: 'web/qr/main.ts', explorer: 'web/explorer/main.ts' } as const;
const STYLE = 'web/styles/app.css';

/**
 * zod's classic namespace re-exports every locale (some 250 kB the pages never use); the
 * English messages the schemas fall back on are imported separately by zod itself.
 */
const zodWithoutLocales: Plugin = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export interface BuildWebOptions {
  /** Where the pages go. @default dist/web (git-ignored, like every build output under dist/) */
  outDir?: string;
  /** @default true */
  minify?: boolean;
}

export interface BuiltWeb {
  outDir: string;
  /** Output file (relative to outDir) -> bytes. */
  files: Record<string, number>;
}

export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltWeb> {
  const outDir = options.outDir ?? join(ROOT, 'dist', 'web');
  const assets = join(outDir, 'assets');
  // Hashed names change with every edit: start clean so stale files do not pile up.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { ...PAGES, app: STYLE },
    outdir: assets,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    // Phones of the last five years: WeChat's built-in browser (Chromium), iOS Safari 15+
    // (esbuild cannot lower destructuring for 14's bug, and exceljs is full of it).
    target: ['es2020', 'chrome87', 'safari15'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    charset: 'utf8',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    // platform/csv.ts runs on csv-stringify/csv-parse, whose Node builds use Buffer: the pages get their browser builds.
    alias: { 'csv-stringify/sync': 'csv-stringify/browser/esm/sync', 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    plugins: [zodWithoutLocales],
  });

  const outputOf = (entry: string) => {
    const found = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry);
    if (!found) throw new Error(`esbuild produced no output for ${entry}`);
    return `/assets/${relative(assets, join(ROOT, found[0])).split('\\').join('/')}`;
  };
  const style = outputOf(STYLE);
  /**
   * The chunks a page's script imports before it can run, fetched with the page rather than one
   * round trip later when the script is read (on slow 3G each round trip is some 400 ms).
   */
  const preloads = (entry: string) => {
    const output = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry)![1];
    return output.imports.filter((i) => i.kind === 'import-statement').map((i) => `  <link rel="modulepreload" href="/assets/${relative(assets, join(ROOT, i.path)).split('\\').join('/')}">\n`).join('');
  };
  for (const [page, entry] of Object.entries(PAGES)) {
    const template = readFileSync(join(WEB, 'pages', `${page}.html`), 'utf8');
    writeFileSync(join(outDir, `${page}.html`), template.replace('%STYLE%', style).replace('%SCRIPT%', outputOf(entry)).replace('</head>', `${preloads(entry)}</head>`));
  }

  // Compressed once here at full strength, so the gateway sends them without compressing per request.
  for (const file of Object.keys(result.metafile.outputs).filter((f) => /\.(js|css)$/.test(f))) {
    const path = join(ROOT, file);
    const content = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } }));
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  }

  const files: Record<string, number> = {};
  for (const [file, o] of Object.entries(result.metafile.outputs)) files[relative(outDir, join(ROOT, file))] = o.bytes;
  for (const page of Object.keys(PAGES)) files[`${page}.html`] = readFileSync(join(outDir, `${page}.html`)).length;
  return { outDir, files };
}

if (require.main === module) {
  buildWeb()
    .then(({ outDir, files }) => {
      const scripts = Object.entries(files).filter(([f]) => !f.endsWith('.map') && !f.endsWith('.LEGAL.txt'));
      console.log(`web pages built in ${relative(process.cwd(), outDir) || '.'}:`);
      for (const [file, bytes] of scripts) console.log(`  ${file.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(7)} kB`);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
