// @ts-check
// The worker's storage: reads what a request needs (one get per area), writes what the core
// answered (at most one set and one remove per area; undone if one fails), one request at a
// time, so two pages never lose each other's update. A write of more than one call (a restore,
// an import, anything touching sync and local) is journaled: the whole write is recorded in
// one `set` first, so a crash or a stopped worker in the middle is rolled forward at the next
// start (`recover`), never left half applied.

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

/** The local key holding a write in progress (see `recover`). */
export const JOURNAL = 'journal';
/** @type {Area[]} */
const DURABLE = ['sync', 'local'];

/**
 * Makes the writes: sync first (its quota is the one that fills), then local, then session;
 * then the removals. If one fails, what was written is put back from `before` and the error
 * (with its area) is thrown. More than one durable call is journaled first.
 * @param {Record<string, any>} writes
 * @param {Stored} before
 */
export async function write(writes, before) {
  const calls = DURABLE.filter((a) => writes[`${a}_set`]).length + DURABLE.filter((a) => writes[`${a}_remove`]?.length).length;
  const journaled = calls > 1;
  if (journaled) {
    /** @type {Record<string, any>} */
    const durable = {};
    for (const a of DURABLE) for (const op of ['set', 'remove']) if (writes[`${a}_${op}`]) durable[`${a}_${op}`] = writes[`${a}_${op}`];
    try {
      await chrome.storage.local.set({ [JOURNAL]: { writes: durable, undo: undoOf(durable, before) } });
    } catch (e) {
      throw Object.assign(new Error(String(/** @type {any} */ (e)?.message ?? e)), { area: 'local' });
    }
  }
  /** @type {[Area, Items][]} */
  const done = [];
  try {
    for (const area of /** @type {Area[]} */ (['sync', 'local', 'session'])) {
      const set = writes[`${area}_set`];
      if (!set) continue;
      try {
        await chrome.storage[area].set(set);
      } catch (e) {
        throw Object.assign(new Error(String(/** @type {any} */ (e)?.message ?? e)), { area });
      }
      done.push([area, set]);
    }
    for (const area of AREAS) {
      const remove = writes[`${area}_remove`];
      if (remove?.length) await chrome.storage[area].remove(remove);
    }
  } catch (e) {
    for (const [area, set] of done) await putBack(area, before[area], set);
    if (journaled) await chrome.storage.local.remove(JOURNAL).catch(() => {});
    throw e;
  }
  if (journaled) await chrome.storage.local.remove(JOURNAL);
}

/**
 * What puts `durable` back: per area, the earlier values of the keys it sets or removes, and
 * the keys it adds (to remove).
 * @param {Record<string, any>} durable @param {Stored} before
 */
function undoOf(durable, before) {
  /** @type {Record<string, any>} */
  const undo = {};
  for (const a of DURABLE) {
    const keys = [...Object.keys(durable[`${a}_set`] ?? {}), ...(durable[`${a}_remove`] ?? [])];
    if (!keys.length) continue;
    const had = before[a] ?? {};
    undo[`${a}_set`] = Object.fromEntries(keys.filter((k) => k in had).map((k) => [k, had[k]]));
    undo[`${a}_remove`] = keys.filter((k) => !(k in had));
  }
  return undo;
}

/**
 * At the worker's start, before any request: a journaled write that a crash or a stop
 * interrupted is completed (rolled forward: every value in it is whole); if that cannot be
 * done (a full storage), what it had changed is put back. Either way the journal goes.
 * @returns {Promise<'none' | 'forward' | 'back'>}
 */
export async function recover() {
  /** @type {any} */
  const journal = (await chrome.storage.local.get(JOURNAL))[JOURNAL];
  if (!journal || typeof journal !== 'object') return 'none';
  /** @param {Record<string, any>} w */
  const apply = async (w) => {
    for (const a of DURABLE) if (w[`${a}_set`] && Object.keys(w[`${a}_set`]).length) await chrome.storage[a].set(w[`${a}_set`]);
    for (const a of DURABLE) if (w[`${a}_remove`]?.length) await chrome.storage[a].remove(w[`${a}_remove`]);
  };
  let outcome = /** @type {'forward' | 'back'} */ ('forward');
  try {
    await apply(journal.writes ?? {});
  } catch {
    outcome = 'back';
    await apply(journal.undo ?? {}).catch(() => {});
  }
  await chrome.storage.local.remove(JOURNAL);
  return outcome;
}

/** Puts back the keys `written` had over `before` in `area`. @param {Area} area @param {Items} before @param {Items} written */
async function putBack(area, before, written) {
  const keys = Object.keys(written);
  const old = Object.fromEntries(keys.filter((k) => k in before).map((k) => [k, before[k]]));
  const added = keys.filter((k) => !(k in before));
  await chrome.storage[area].set(old).catch(() => {});
  if (added.length) await chrome.storage[area].remove(added).catch(() => {});
}
