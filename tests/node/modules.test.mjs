// The two wasm modules of dist/ (issue 17): the core module, which the popup, the service
// worker and the pages load, holds no file reader, export or cipher; the file module holds
// nothing the worker answers with; and only the options page (and its file worker) loads the
// file module, never the popup, the worker or the pages they share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../../dist');
/** What a shipped module exports (wasm-bindgen's glue names every export of its wasm). */
const exportsOf = async (name) => Object.keys(await import(join(dist, 'pkg', `${name}.js`))).filter((k) => !['default', 'initSync'].includes(k));
const FILE_WORK = ['importPreview', 'exportVcard', 'exportCsv', 'encryptBackup', 'decryptBackup', 'isEncryptedBackup', 'checkBackupSize'];

test('the core module holds no file work, the file module nothing else', async () => {
  const core = await exportsOf('contakt_wasm');
  const files = await exportsOf('contakt_files');
  assert.ok(core.includes('handle') && core.includes('parseNumber'), `the core module: ${core}`);
  assert.deepEqual(core.filter((f) => FILE_WORK.includes(f)), []);
  assert.deepEqual([...files].sort(), [...FILE_WORK].sort());
});

test('only the options page and its file worker load the file module', () => {
  const loaders = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'pkg' && e.name !== '_locales') walk(path); continue; }
      if (!/\.(js|html)$/.test(e.name)) continue;
      if (/contakt_files|['"/]files\.js|preview-worker\.js/.test(readFileSync(path, 'utf8'))) loaders.push(path.slice(dist.length + 1));
    }
  };
  walk(dist);
  assert.deepEqual(loaders.sort(), ['files.js', 'options.js', 'preview-worker.js']);
});
