// @ts-check
// The worker's storage: reads what a request needs (one get per area), writes what the core
// answered (at most one set and one remove per area; undone if one fails), one request at a
// time, so two pages never lose each other's update. A write of more than one durable call (a
// restore, an import, anything touching sync and local) is journaled around one commit point,
// so a crash or a stopped worker in the middle leaves all of the old data or all of the new:
//   1. `journal` = what puts the sync part back (small: sync holds at most 100 KB);
//   2. the sync set and removal;
//   3. the commit: the local set, and in the same call the journal replaced by what remains
//      (the local removals): one `set`, which the browser makes whole or not at all;
//   4. the local removals, then the journal removed.
// At the next start (`recover`) a journal from before the commit is undone, one from after it
// is finished. The large local data is written once, never copied into the journal.

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

/** Resolves when every job queued so far is over, and none was queued meanwhile (tests). */
export async function idle() {
  for (let seen = -1; seen !== jobs;) {
    seen = jobs;
    await queue;
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
 * A journal is in storage that could not be settled (undone or finished): nothing else is
 * written until it is, or it could later undo or repeat over newer data.
 */
let unsettled = false;

/**
 * Before a request that may write reads anything: a journal left unsettled is undone or
 * finished first, so the request is decided on whole data. False when it still cannot be.
 * @returns {Promise<boolean>}
 */
export async function settle() {
  return !unsettled || await recover() !== 'stuck';
}

/** @param {any} e @param {Area} area */
const inArea = (e, area) => Object.assign(new Error(String(e?.message ?? e)), { area });

/**
 * Makes the writes: sync first (its quota is the one that fills), then local, then session;
 * then the removals. If one fails, what was written is put back and the error (with its area)
 * is thrown. More than one durable call is journaled (see above). `proceed()` false before
 * anything commits: nothing is written (an error with `cancelled`).
 * @param {Record<string, any>} writes
 * @param {Stored} before
 * @param {() => boolean} [proceed]
 */
export async function write(writes, before, proceed = () => true) {
  const calls = DURABLE.filter((a) => writes[`${a}_set`]).length + DURABLE.filter((a) => writes[`${a}_remove`]?.length).length;
  if (calls > 1) return journaled(writes, before, proceed);
  if (!proceed()) throw CANCELLED();
  /** @type {[Area, Items][]} */
  const done = [];
  try {
    for (const area of /** @type {Area[]} */ (['sync', 'local', 'session'])) {
      const set = writes[`${area}_set`];
      if (!set) continue;
      await chrome.storage[area].set(set).catch((e) => { throw inArea(e, area); });
      done.push([area, set]);
    }
    for (const area of AREAS) {
      const remove = writes[`${area}_remove`];
      if (remove?.length) await chrome.storage[area].remove(remove).catch((e) => { throw inArea(e, area); });
    }
  } catch (e) {
    for (const [area, set] of done) await putBack(area, before[area], set);
    throw e;
  }
}

/** The user cancelled the request before its writes committed: nothing is written. */
const CANCELLED = () => Object.assign(new Error('cancelled'), { cancelled: true });

/**
 * A write of several durable calls, around one commit point; `proceed()` false before the
 * commit undoes it (the user cancelled).
 * @param {Record<string, any>} writes @param {Stored} before @param {() => boolean} proceed
 */
async function journaled(writes, before, proceed) {
  if (!proceed()) throw CANCELLED();
  const undo = undoOf(writes, before);
  await chrome.storage.local.set({ [JOURNAL]: { undo } }).catch((e) => { throw inArea(e, 'local'); });
  /** @type {[Area, Items][]} */
  const done = [];
  try {
    if (writes.sync_set) await chrome.storage.sync.set(writes.sync_set).catch((e) => { throw inArea(e, 'sync'); });
    if (writes.sync_remove?.length) await chrome.storage.sync.remove(writes.sync_remove).catch((e) => { throw inArea(e, 'sync'); });
    if (writes.session_set) {
      await chrome.storage.session.set(writes.session_set).catch((e) => { throw inArea(e, 'session'); });
      done.push(['session', writes.session_set]);
    }
    // The commit.
    if (!proceed()) throw CANCELLED();
    const after = { local_remove: writes.local_remove ?? [] };
    await chrome.storage.local.set({ ...writes.local_set, [JOURNAL]: { after } }).catch((e) => { throw inArea(e, 'local'); });
  } catch (e) {
    // Not committed: the sync part is put back from the journal, which goes once that is done;
    // if it cannot be done now, the journal stays and the next write or start tries again.
    for (const [area, set] of done) await putBack(area, before[area], set);
    try {
      await apply(undo);
      await chrome.storage.local.remove(JOURNAL);
    } catch {
      unsettled = true;
    }
    throw e;
  }
  // Committed: what remains is finished now, or before the next write or at the next start.
  try {
    if (writes.local_remove?.length) await chrome.storage.local.remove(writes.local_remove);
    if (writes.session_remove?.length) await chrome.storage.session.remove(writes.session_remove);
    await chrome.storage.local.remove(JOURNAL);
  } catch {
    unsettled = true;
  }
}

/** Makes the durable writes `w` (a journal's `undo` or `after`). @param {Record<string, any>} w */
async function apply(w) {
  for (const a of DURABLE) if (w[`${a}_set`] && Object.keys(w[`${a}_set`]).length) await chrome.storage[a].set(w[`${a}_set`]);
  for (const a of DURABLE) if (w[`${a}_remove`]?.length) await chrome.storage[a].remove(w[`${a}_remove`]);
}

/**
 * What puts the sync part of `writes` back: the earlier values of the keys it sets or removes,
 * and the keys it adds (to remove).
 * @param {Record<string, any>} writes @param {Stored} before
 */
function undoOf(writes, before) {
  const keys = [...Object.keys(writes.sync_set ?? {}), ...(writes.sync_remove ?? [])];
  const had = before.sync ?? {};
  return { sync_set: Object.fromEntries(keys.filter((k) => k in had).map((k) => [k, had[k]])), sync_remove: keys.filter((k) => !(k in had)) };
}

/**
 * At the worker's start, before any request (and, through `settle`, before a writing request reads): a
 * journaled write that a crash, a stop or a failure interrupted is undone (before its commit)
 * or finished (after it). The journal goes only once that has succeeded; otherwise it stays
 * for the next try ('stuck'), and no other write is made meanwhile.
 * @returns {Promise<'none' | 'forward' | 'back' | 'stuck'>}
 */
export async function recover() {
  /** @type {any} */
  const journal = (await chrome.storage.local.get(JOURNAL))[JOURNAL];
  if (!journal || typeof journal !== 'object') { unsettled = false; return 'none'; }
  // A journal of the previous release held the whole write: it is rolled forward.
  const outcome = journal.after || journal.writes ? 'forward' : 'back';
  try {
    await apply(journal.after ?? journal.writes ?? journal.undo ?? {});
    await chrome.storage.local.remove(JOURNAL);
  } catch {
    unsettled = true;
    return 'stuck';
  }
  unsettled = false;
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
