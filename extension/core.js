// @ts-check
// Loads the wasm core once per page or worker, and asks the service worker (the only
// storage writer) for what a page cannot do itself.
import init, * as core from './pkg/contakt_wasm.js';
import { t } from './i18n.js';

if (!(/** @type {any} */ (globalThis).contaktBoot)) performance.mark('contakt-start');
/** Resolves to the core's exports once the module is instantiated (compiled early by boot.js
 * on the popup). */
export const ready = init({ module_or_path: /** @type {any} */ (globalThis).contaktBoot?.module ?? new URL('./pkg/contakt_wasm_bg.wasm', import.meta.url) })
  .then(() => core);

/**
 * Asks the service worker to do `type` with `payload` (typed by extension/protocol.d.ts).
 * A refusal carries `message`, its text in the user's language.
 * @template {import('./protocol').RequestType} K
 * @param {K} type
 * @param {import('./protocol').Payload<K>} [payload]
 * @returns {Promise<any>}
 */
export async function ask(type, payload = /** @type {any} */ ({})) {
  // The worker may be stopped mid-request (the browser ends it, or it crashed): the page
  // says so instead of waiting for ever; a journaled write is completed at its next start.
  // (A message the browser cannot send, larger than its limit, throws at once: said the same way.)
  const reply = await Promise.resolve().then(() => chrome.runtime.sendMessage({ type, ...payload }))
    .catch((e) => ({ ok: false, code: 'no_answer', msg: { key: 'worker_stopped', args: [String(e?.message ?? e)] } }));
  if (reply === undefined) return said({ ok: false, code: 'no_answer', msg: { key: 'worker_stopped', args: [type] } });
  return said(reply);
}

/** An envelope with its failure's text as `message`. @param {any} reply */
export function said(reply) {
  if (reply && reply.ok === false) reply.message = t(reply.msg);
  return reply;
}
