// @ts-check
// The popup's first script: an async module with no imports, so it runs as soon as it is
// fetched, before the popup's module graph has loaded. It only starts the slow things early:
// reading the view the worker keeps ready (see service-worker.js) and compiling the core.
// popup.js and core.js pick them up.
performance.mark('contakt-start');
globalThis.contaktBoot = {
  view: chrome.storage.session.get('view').then(({ view }) => view ?? null, () => null),
  module: WebAssembly.compileStreaming(fetch(new URL('./pkg/contakt_wasm_bg.wasm', import.meta.url))),
};
