// @ts-check
// The options page's second wasm module (the facade's `files` feature): reading import files,
// export, and backup encryption. Loaded the first time the page needs it (`import()`); the
// popup and the service worker never load it, and hold none of its code.
import init, * as files from './pkg/contakt_files.js';

/** Resolves to the module's exports once it is instantiated. */
export const ready = init({ module_or_path: new URL('./pkg/contakt_files_bg.wasm', import.meta.url) }).then(() => files);
