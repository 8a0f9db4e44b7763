// Finds esbuild's JS API: an npm install first, then Debian's `esbuild` package,
// whose API lives under /usr/lib/<triplet>/nodejs and whose binary is /usr/bin/esbuild.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function debianApiPaths() {
  const candidates = ['/usr/share/nodejs/esbuild', '/usr/lib/nodejs/esbuild'];
  if (existsSync('/usr/lib')) {
    for (const entry of readdirSync('/usr/lib')) {
      candidates.push(path.join('/usr/lib', entry, 'nodejs', 'esbuild'));
    }
  }
  return candidates.filter((dir) => existsSync(path.join(dir, 'package.json')));
}

export function loadEsbuild() {
  try {
    return require('esbuild');
  } catch {
    // not installed through npm; fall through to the system package
  }
  const [systemApi] = debianApiPaths();
  if (!systemApi) {
    throw new Error('esbuild not found: run `npm install` in frontend/ or `apt-get install esbuild node-react node-react-dom node-chart.js`');
  }
  if (!process.env.ESBUILD_BINARY_PATH && existsSync('/usr/bin/esbuild')) {
    process.env.ESBUILD_BINARY_PATH = '/usr/bin/esbuild';
  }
  return require(systemApi);
}

// Debian installs react, react-dom, scheduler and chart.js here instead of node_modules.
export const systemNodePaths = ['/usr/share/nodejs'].filter((dir) => existsSync(dir));
