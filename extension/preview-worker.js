// @ts-check
// The options page's file module off the page's main thread: a large file is read here (the
// import preview, a campaign's file), and a backup is encrypted or decrypted here (Argon2id
// takes about a second), while the page stays responsive, shows that it is working and can
// cancel (by ending this worker). It answers with the module's envelope, as the page would
// get it.
import init, * as files from './pkg/contakt_files.js';

const ready = init({ module_or_path: new URL('./pkg/contakt_files_bg.wasm', import.meta.url) });
/** @type {any} */ (self).onmessage = async (/** @type {MessageEvent} */ { data }) => {
  let answer;
  try {
    await ready;
    answer = data.op === 'encrypt' ? files.encryptBackup(data.text, data.passphrase)
      : data.op === 'decrypt' ? files.decryptBackup(data.bytes, data.passphrase)
        : files.importPreview(data.bytes, data.stored, data.region, data.mapping);
  } catch (e) { // the wasm failed (out of memory, a trap): said, never a page left "Reading…"
    answer = { ok: false, code: 'internal', msg: { key: 'internal_error', args: [String(/** @type {any} */ (e)?.message ?? e)] } };
  }
  /** @type {any} */ (self).postMessage(answer);
};
