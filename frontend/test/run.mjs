// Bundles every *.test.js(x) with esbuild (node cannot load JSX itself) into a
// temporary directory and runs them with `node --test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEsbuild, systemNodePaths } from '../tools/esbuild.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tests = readdirSync(here).filter((name) => /\.test\.jsx?$/.test(name)).sort();
const outdir = mkdtempSync(path.join(tmpdir(), 'helpdesk-frontend-tests-'));

try {
  await loadEsbuild().build({
    absWorkingDir: here,
    entryPoints: tests,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    jsx: 'automatic',
    nodePaths: systemNodePaths,
    // React is CommonJS; bundled into ESM it still needs a real `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const files = tests.map((name) => path.join(outdir, name.replace(/\.jsx?$/, '.mjs')));
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
