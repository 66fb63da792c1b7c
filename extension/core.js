// Loads the wasm core once per page or worker. Everything that decides lives in it.
import init, * as core from './pkg/contakt_wasm.js';

if (!globalThis.contaktBoot) performance.mark('contakt-start');
/** Resolves to the core's exports once the module is instantiated (compiled early by boot.js
 * on the popup). */
export const ready = init({ module_or_path: globalThis.contaktBoot?.module ?? new URL('./pkg/contakt_wasm_bg.wasm', import.meta.url) })
  .then(() => core);

/** Asks the service worker (the only storage writer) to do `type` with `payload`. */
export async function ask(type, payload = {}) {
  const reply = await chrome.runtime.sendMessage({ type, ...payload });
  if (reply === undefined) throw new Error(`No answer from Contakt's service worker for ${type}.`);
  return reply;
}
