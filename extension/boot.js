// @ts-check
// The popup's first module: popup.js imports it before anything else, so in the build (where
// contakt-pack joins the popup's modules into one file) it is the file's first lines. It starts
// reading the view the worker keeps ready (see service-worker.js) at once; popup.js picks it up
// after its other modules have run. The core (wasm) is compiled once the popup is ready
// (popup.js calls `compile`): compiled beside the module graph it delayed the popup's first
// render by about 20 ms on a two-core machine, and nothing on the first screen needs it before
// the user types.
performance.mark('contakt-start');
/** @type {(value?: any) => void} */
let compile = () => {};
const asked = new Promise((resolve) => { compile = resolve; });
globalThis.contaktBoot = {
  view: chrome.storage.session.get('view').then(({ view }) => view ?? null, () => null),
  module: asked.then(() => WebAssembly.compileStreaming(fetch(new URL('./pkg/contakt_wasm_bg.wasm', import.meta.url)))),
  compile,
};
// Should the popup fail before it is ready, its core still comes (what is shown may need it).
setTimeout(compile, 1000);
