// @ts-check
// Contakt's content script, registered only while the user has number detection on (and
// has granted access to pages): where detection is on for the site, it makes phone numbers
// clickable. Which text is a number is decided by the core in the service worker; this
// script only collects text and draws. Its UI lives in a closed shadow root over the page:
// the page's layout, text and scripts never see it. A click on it counts only when the user
// made it and the control was really visible where they clicked (see `genuine`).
(() => {
  // Elements whose text is never read: code, editable and interactive areas, links (but tel:).
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'CODE',
    'PRE', 'KBD', 'SAMP', 'TEMPLATE', 'SVG', 'MATH', 'BUTTON', 'CANVAS', 'IFRAME']);
  const BATCH_NODES = 200;
  const seen = new WeakSet();
  const marks = [];
  let host = null;
  let root = null;
  let platforms = [];
  let queue = [];
  let scheduled = false;
  /** Pending layout timers. @type {Record<string, any>} */
  const timers = {};

  const idle = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 1));

  function skipped(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (el === host || SKIP.has(el.tagName) || el.isContentEditable) return true;
      if (el.tagName === 'A' && !/^tel:/i.test(el.getAttribute('href') ?? '')) return true;
    }
    return false;
  }

  // Text nodes are found by walkers advanced in idle time, a slice at a time, so a huge page
  // never blocks its main thread; nodes with digits wait in `queue` for the worker.
  const walkers = [];

  function collect(from) {
    if (from.nodeType === Node.TEXT_NODE) {
      if (!seen.has(from) && /\d/.test(from.data)) queue.push(from);
    } else if (from.nodeType === Node.ELEMENT_NODE) {
      walkers.push(document.createTreeWalker(from, NodeFilter.SHOW_TEXT));
    }
  }

  function schedule() {
    if (scheduled || (!queue.length && !walkers.length)) return;
    scheduled = true;
    idle(async (deadline) => {
      scheduled = false;
      const time = () => !deadline?.timeRemaining || deadline.timeRemaining() > 3;
      while (walkers.length && queue.length < BATCH_NODES && time()) {
        const n = walkers[0].nextNode();
        if (!n) walkers.shift();
        else if (!seen.has(n) && /\d/.test(n.data)) queue.push(n);
      }
      const nodes = [];
      while (queue.length && nodes.length < BATCH_NODES && (time() || !nodes.length)) {
        const n = queue.shift();
        if (n.isConnected && !seen.has(n) && !skipped(n)) { seen.add(n); nodes.push(n); }
      }
      if (nodes.length) {
        const reply = await chrome.runtime.sendMessage({ type: 'findInPage', texts: nodes.map((n) => n.data) }).catch(() => null);
        if (reply?.ok) draw(nodes, reply.value);
      }
      schedule();
    });
  }

  function overlay() {
    if (root) return root;
    host = document.createElement('contakt-overlay');
    host.setAttribute('style', 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; overflow: visible; z-index: 2147483647;');
    root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      button { all: initial; position: absolute; box-sizing: border-box; cursor: pointer; font: 9px/12px system-ui, sans-serif;
        height: 12px; min-width: 12px; padding: 0 2px; border-radius: 6px; background: #0b7a5a; color: #fff; text-align: center; }
      i { position: absolute; height: 0; border-bottom: 1px dotted #0b7a5a; pointer-events: none; }
      button:hover, button:focus-visible { outline: 2px solid #0b7a5a80; }
      button.more { background: #fff; color: #0b7a5a; border: 1px solid #0b7a5a; }
      div.menu { position: absolute; background: #fff; border: 1px solid #8886; border-radius: 6px; padding: 4px; box-shadow: 0 2px 8px #0003; display: grid; gap: 2px; }
      div.menu button { position: static; background: none; color: #123; height: auto; padding: 3px 8px; border-radius: 4px; font-size: 12px; }
      div.menu button:hover { background: #0b7a5a22; }`;
    root.append(style);
    document.documentElement.append(host);
    addEventListener('resize', () => { clearTimeout(timers.resize); timers.resize = setTimeout(layout, 150); });
    let ticking = false;
    addEventListener('scroll', () => {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(() => { ticking = false; render(); });
    }, { passive: true });
    return root;
  }

  function send(e164, platform) {
    chrome.runtime.sendMessage({ type: 'messageNumber', e164, platform });
  }

  // Whether each control is visible as the browser composites it (IntersectionObserver v2:
  // not covered by anything, not made transparent, filtered or transformed by the page).
  // Browsers without it (Firefox) fall back to the checks in `genuine`.
  const visible = new WeakMap();
  const tracks = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
  const watcher = tracks
    ? new IntersectionObserver((entries) => { for (const e of entries) visible.set(e.target, /** @type {any} */ (e).isVisible); },
      /** @type {any} */ ({ trackVisibility: true, delay: 100 }))
    : null;
  const watch = (el) => { watcher?.observe(el); return el; };

  /**
   * A click is the user's and lands on what they saw: trusted (not scripted by the page),
   * the control visible (v2 above), Contakt's layer and the page not made see-through,
   * hidden or clipped, and, for a pointer click, Contakt's control the topmost thing there.
   */
  function genuine(e, el) {
    if (!e.isTrusted) return false;
    if (watcher && visible.get(el) !== true) return false;
    for (let n = host; n; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (parseFloat(cs.opacity) < 1 || cs.visibility !== 'visible' || cs.filter !== 'none' || cs.clipPath !== 'none' || cs.mixBlendMode !== 'normal') return false;
    }
    if (e.detail === 0) return true; // the keyboard (Enter or Space on the focused control)
    return document.elementFromPoint(e.clientX, e.clientY) === host && root.elementFromPoint(e.clientX, e.clientY) === el;
  }

  // Marks remember where their number is (document coordinates); controls exist only for
  // marks near the viewport, so a page with thousands of numbers keeps a few dozen elements.
  function draw(nodes, results) {
    overlay();
    const fresh = [];
    nodes.forEach((node, i) => {
      for (const m of results[i] ?? []) fresh.push({ node, start: m.start, end: m.end, e164: m.e164, text: m.text, at: null, els: null, menu: null });
    });
    measure(fresh);
    marks.push(...fresh);
    render();
  }

  /** Reads the positions of `list` (one layout, no writes in between). */
  function measure(list) {
    const range = document.createRange();
    for (const m of list) {
      m.at = null;
      if (!m.node.isConnected || m.end > m.node.length) continue;
      range.setStart(m.node, m.start);
      range.setEnd(m.node, m.end);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1];
      if (last && last.width) m.at = { left: last.left + scrollX, right: last.right + scrollX, top: last.top + scrollY, bottom: last.bottom + scrollY };
    }
  }

  /** Creates the controls of marks near the viewport and drops the others'. */
  function render() {
    const top = scrollY - 600;
    const bottom = scrollY + innerHeight + 600;
    for (const m of marks) {
      const near = m.at && m.at.bottom > top && m.at.top < bottom;
      if (near && !m.els) m.els = controls(m);
      if (!near && m.els) { m.els.forEach((el) => { watcher?.unobserve(el); el.remove(); }); m.els = null; m.menu?.remove(); m.menu = null; }
      if (m.els) place(m);
    }
  }

  function controls(m) {
    const go = document.createElement('button');
    go.textContent = '✆';
    go.setAttribute('aria-label', chrome.i18n.getMessage('message_number', [m.text]));
    go.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); if (genuine(e, go)) send(m.e164); });
    const more = document.createElement('button');
    more.className = 'more';
    more.textContent = '▾';
    more.setAttribute('aria-label', chrome.i18n.getMessage('other_ways_label', [m.text]));
    more.setAttribute('aria-expanded', 'false');
    more.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); if (genuine(e, more)) toggleMenu(m); });
    const line = document.createElement('i');
    root.append(line, watch(go), watch(more));
    return [go, more, line];
  }

  // The controls sit just above the end of the number, the dotted line under it: nothing on
  // the page moves and no text is covered.
  function place(m) {
    const [go, more, line] = m.els;
    const p = m.at;
    const y = Math.max(0, p.top - 11);
    go.style.left = `${p.right - 26}px`;
    go.style.top = `${y}px`;
    more.style.left = `${p.right - 12}px`;
    more.style.top = `${y}px`;
    line.style.left = `${p.left}px`;
    line.style.top = `${p.bottom - 1}px`;
    line.style.width = `${p.right - p.left}px`;
  }

  function layout() {
    measure(marks);
    render();
  }

  function toggleMenu(mark) {
    const more = mark.els?.[1];
    if (!more) return;
    if (mark.menu) { mark.menu.remove(); mark.menu = null; more.setAttribute('aria-expanded', 'false'); return; }
    const menu = document.createElement('div');
    menu.className = 'menu';
    menu.setAttribute('role', 'menu');
    for (const p of platforms) {
      const b = document.createElement('button');
      b.setAttribute('role', 'menuitem');
      b.textContent = chrome.i18n.getMessage('message_on', [p.name]);
      b.addEventListener('click', (e) => { e.stopPropagation(); if (!genuine(e, b)) return; send(mark.e164, p.id); toggleMenu(mark); });
      menu.append(watch(b));
    }
    const save = document.createElement('button');
    save.setAttribute('role', 'menuitem');
    save.textContent = chrome.i18n.getMessage('menu_save');
    save.addEventListener('click', (e) => {
      e.stopPropagation();
      if (!genuine(e, save)) return;
      chrome.runtime.sendMessage({ type: 'saveNumber', e164: mark.e164 });
      toggleMenu(mark);
    });
    menu.append(watch(save));
    menu.style.left = more.style.left;
    menu.style.top = `${parseFloat(more.style.top) + 14}px`;
    root.append(menu);
    mark.menu = menu;
    more.setAttribute('aria-expanded', 'true');
  }

  async function start() {
    const reply = await chrome.runtime.sendMessage({ type: 'pageConfig' }).catch(() => null);
    if (!reply?.ok || !reply.value.enabled) return;
    platforms = reply.value.platforms;
    collect(document.body);
    schedule();
    new MutationObserver((records) => {
      for (const rec of records) {
        if (rec.type === 'characterData') collect(rec.target);
        for (const n of rec.addedNodes) if (n !== host) collect(n);
      }
      schedule();
      clearTimeout(timers.mutation);
      timers.mutation = setTimeout(layout, 200);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  if (document.body) start();
})();
