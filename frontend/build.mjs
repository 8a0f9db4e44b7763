#!/usr/bin/env node
// Builds the single-page app into frontend/dist.
//   node build.mjs           production build: minified, content-hashed, size report
//   node build.mjs --watch   development build that rebuilds on every change
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadEsbuild, systemNodePaths } from './tools/esbuild.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const entryPoint = 'src/main.jsx';
const firstPageBudget = 75 * 1024;
const watch = process.argv.includes('--watch');
const esbuild = loadEsbuild();

function staticImports(outputs, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && outputs[imported.path]) {
      staticImports(outputs, imported.path, seen);
    }
  }
  return seen;
}

// Everything index.html loads before the app can paint: the entry, the chunks it
// imports statically, and its stylesheet. Lazy chunks (the chart) are not part of it.
function firstPage(metafile) {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === entryPoint);
  const css = outputs[entry].cssBundle
    ?? Object.keys(outputs).find((file) => file.endsWith('.css') && path.basename(file).startsWith('main-'));
  const scripts = [...staticImports(outputs, entry)];
  return { entry, scripts, css };
}

const publicUrl = (file) => '/' + path.relative('dist', file).split(path.sep).join('/');

function writeIndexHtml({ entry, scripts, css }) {
  const template = readFileSync(path.join(root, 'index.html'), 'utf8');
  const preloads = scripts
    .filter((file) => file !== entry)
    .map((file) => `<link rel="modulepreload" href="${publicUrl(file)}">`);
  const styles = css ? [`<link rel="stylesheet" href="${publicUrl(css)}">`] : [];
  const html = template
    .replace('<!-- build:css -->', [...styles, ...preloads].join('\n    '))
    .replace('<!-- build:js -->', `<script type="module" src="${publicUrl(entry)}"></script>`);
  writeFileSync(path.join(dist, 'index.html'), html);
}

function removeStaleAssets(metafile) {
  const current = new Set(Object.keys(metafile.outputs).map((file) => path.join(root, file)));
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (!current.has(file) && !current.has(file.replace(/\.map$/, ''))) rmSync(file);
    }
  };
  walk(path.join(dist, 'assets'));
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function reportSizes(metafile, page) {
  const rows = Object.keys(metafile.outputs)
    .filter((file) => !file.endsWith('.map'))
    .map((file) => {
      const bytes = readFileSync(path.join(root, file));
      const onFirstPage = page.scripts.includes(file) || file === page.css;
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, onFirstPage };
    });
  for (const row of rows) {
    const tag = row.onFirstPage ? 'first page' : 'lazy';
    console.log(`  ${row.file.padEnd(48)} ${kb(row.raw).padStart(10)} ${kb(row.gzip).padStart(10)} gzip  ${tag}`);
  }
  const sum = (list) => list.reduce((total, row) => total + row.gzip, 0);
  const firstPageJs = sum(rows.filter((row) => row.onFirstPage && row.file.endsWith('.js')));
  const firstPageCss = sum(rows.filter((row) => row.onFirstPage && row.file.endsWith('.css')));
  console.log(`First page: JS ${kb(firstPageJs)} gzip (budget ${kb(firstPageBudget)}), CSS ${kb(firstPageCss)} gzip, total ${kb(firstPageJs + firstPageCss)} gzip`);
  return firstPageJs <= firstPageBudget;
}

const afterBuild = {
  name: 'index-html',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const page = firstPage(result.metafile);
      if (existsSync(path.join(root, 'public'))) cpSync(path.join(root, 'public'), dist, { recursive: true });
      writeIndexHtml(page);
      removeStaleAssets(result.metafile);
      if (watch) console.log(`[${new Date().toLocaleTimeString()}] rebuilt ${page.entry}`);
    });
  },
};

const options = {
  absWorkingDir: root,
  entryPoints: [entryPoint],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
  outdir: 'dist/assets',
  publicPath: '/assets/',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: '[name]-[hash]',
  jsx: 'automatic',
  minify: !watch,
  sourcemap: watch ? 'linked' : false,
  metafile: true,
  nodePaths: systemNodePaths,
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  logLevel: 'warning',
  plugins: [afterBuild],
};

if (watch) {
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  const context = await esbuild.context(options);
  await context.watch();
  console.log('Watching frontend/src; dist/ is rebuilt on every change (Ctrl-C to stop).');
} else {
  rmSync(dist, { recursive: true, force: true });
  const result = await esbuild.build(options);
  const withinBudget = reportSizes(result.metafile, firstPage(result.metafile));
  if (!withinBudget) {
    console.error('First-page JS is over budget.');
    process.exit(1);
  }
}
