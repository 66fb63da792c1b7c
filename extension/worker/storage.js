// @ts-check
// The worker's storage: reads what a request needs (one get per area), writes what the core
// answered (at most one set and one remove per area; undone if one fails), one request at a
// time, so two pages never lose each other's update.

/** @typedef {'local' | 'sync' | 'session'} Area */
/** @typedef {{ local: string[] | 'all', sync: string[] | 'all', session: string[] | 'all' }} Needs */
/** @typedef {Record<string, any>} Items */
/** @typedef {{ local: Items, sync: Items, session: Items }} Stored */

/** @type {Area[]} */
const AREAS = ['local', 'sync', 'session'];

let queue = Promise.resolve();
let jobs = 0;
let running = 0;
/**
 * Runs `job` after every job queued before it: read-modify-write without races.
 * @template T
 * @param {() => Promise<T>} job
 * @returns {Promise<T>}
 */
export function exclusive(job) {
  const id = ++jobs;
  const run = queue.then(() => { running = id; return job(); });
  queue = run.then(() => {}, () => {});
  return run;
}

/** The number of the job running now (tests count storage calls per request with it). */
export const currentJob = () => running;

/** @param {Needs} needs @returns {Promise<Stored>} */
export async function read(needs) {
  const [local, sync, session] = await Promise.all(AREAS.map((area) => {
    const keys = needs[area];
    if (Array.isArray(keys) && keys.length === 0) return {};
    return chrome.storage[area].get(keys === 'all' ? null : keys);
  }));
  return { local, sync, session };
}

/**
 * Makes the writes: sync first (its quota is the one that fills), then local, then session;
 * then the removals. If one fails, what was written is put back from `before` and the error
 * (with its area) is thrown.
 * @param {Record<string, any>} writes
 * @param {Stored} before
 */
export async function write(writes, before) {
  /** @type {[Area, Items][]} */
  const done = [];
  try {
    for (const area of ['sync', 'local', 'session']) {
      const set = writes[`${area}_set`];
      if (!set) continue;
      try {
        await chrome.storage[area].set(set);
      } catch (e) {
        throw Object.assign(new Error(String(e?.message ?? e)), { area });
      }
      done.push([/** @type {Area} */ (area), set]);
    }
    for (const area of AREAS) {
      const remove = writes[`${area}_remove`];
      if (remove?.length) await chrome.storage[area].remove(remove);
    }
  } catch (e) {
    for (const [area, set] of done) await putBack(area, before[area], set);
    throw e;
  }
}

/** Puts back the keys `written` had over `before` in `area`. @param {Area} area @param {Items} before @param {Items} written */
async function putBack(area, before, written) {
  const keys = Object.keys(written);
  const old = Object.fromEntries(keys.filter((k) => k in before).map((k) => [k, before[k]]));
  const added = keys.filter((k) => !(k in before));
  await chrome.storage[area].set(old).catch(() => {});
  if (added.length) await chrome.storage[area].remove(added).catch(() => {});
}
