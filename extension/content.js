// Contakt's content script. It answers two questions from Contakt itself (the selected
// text, for the keyboard command; the page's host, for the popup's site switch) and, only
// where the user turned number detection on and did not exclude the site, makes phone
// numbers clickable. Which text is a number is decided by the core in the service worker;
// this script only collects text and draws. Its UI lives in a closed shadow root over the
// page: the page's layout, text and scripts never see it.
(() => {
  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id) return false;
    if (message?.type === 'selection') reply({ text: String(window.getSelection() ?? '').slice(0, 5000) });
    if (message?.type === 'host') reply({ host: location.hostname });
    return false;
  });

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

  const idle = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 1));

  function skipped(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (el === host || SKIP.has(el.tagName) || el.isContentEditable) return true;
      if (el.tagName === 'A' && !/^tel:/i.test(el.getAttribute('href') ?? '')) return true;
    }
    return false;
  }

  function collect(from) {
    if (from.nodeType === Node.TEXT_NODE) {
      if (!seen.has(from) && /\d/.test(from.data)) queue.push(from);
      return;
    }
    const walker = document.createTreeWalker(from, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (/\d/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!seen.has(n)) queue.push(n);
  }

  function schedule() {
    if (scheduled || !queue.length) return;
    scheduled = true;
    idle(async (deadline) => {
      scheduled = false;
      const nodes = [];
      while (queue.length && nodes.length < BATCH_NODES && (!deadline?.timeRemaining || deadline.timeRemaining() > 2 || !nodes.length)) {
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
        height: 12px; min-width: 12px; padding: 0 2px; border-radius: 6px; background: #0b7a5a; color: #fff; text-align: center; opacity: .8; }
      i { position: absolute; height: 0; border-bottom: 1px dotted #0b7a5a; pointer-events: none; }
      button:hover, button:focus-visible { opacity: 1; outline: 2px solid #0b7a5a80; }
      button.more { background: #fff; color: #0b7a5a; border: 1px solid #0b7a5a; }
      div.menu { position: absolute; background: #fff; border: 1px solid #8886; border-radius: 6px; padding: 4px; box-shadow: 0 2px 8px #0003; display: grid; gap: 2px; }
      div.menu button { position: static; background: none; color: #123; height: auto; padding: 3px 8px; border-radius: 4px; opacity: 1; font-size: 12px; }
      div.menu button:hover { background: #0b7a5a22; }`;
    root.append(style);
    document.documentElement.append(host);
    addEventListener('resize', () => { clearTimeout(overlay.t); overlay.t = setTimeout(layout, 150); });
    return root;
  }

  function send(e164, platform) {
    chrome.runtime.sendMessage({ type: 'messageNumber', e164, platform });
  }

  function draw(nodes, results) {
    const r = overlay();
    nodes.forEach((node, i) => {
      for (const m of results[i] ?? []) {
        const go = document.createElement('button');
        go.textContent = '✆';
        go.setAttribute('aria-label', `Message ${m.text}`);
        go.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); send(m.e164); });
        const more = document.createElement('button');
        more.className = 'more';
        more.textContent = '▾';
        more.setAttribute('aria-label', `Other ways to message ${m.text}`);
        more.setAttribute('aria-expanded', 'false');
        more.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation(); toggleMenu(mark); });
        const line = document.createElement('i');
        r.append(line, go, more);
        const mark = { node, start: m.start, end: m.end, e164: m.e164, text: m.text, go, more, line, menu: null };
        marks.push(mark);
      }
    });
    layout();
  }

  function toggleMenu(mark) {
    if (mark.menu) { mark.menu.remove(); mark.menu = null; mark.more.setAttribute('aria-expanded', 'false'); return; }
    const menu = document.createElement('div');
    menu.className = 'menu';
    menu.setAttribute('role', 'menu');
    for (const p of platforms) {
      const b = document.createElement('button');
      b.setAttribute('role', 'menuitem');
      b.textContent = `Message on ${p.name}`;
      b.addEventListener('click', (e) => { e.stopPropagation(); send(mark.e164, p.id); toggleMenu(mark); });
      menu.append(b);
    }
    menu.style.left = mark.more.style.left;
    menu.style.top = `${parseFloat(mark.more.style.top) + 14}px`;
    root.append(menu);
    mark.menu = menu;
    mark.more.setAttribute('aria-expanded', 'true');
  }

  // Reads every position first, then writes: one layout pass however many numbers there are.
  // The controls sit just above the end of the number, the dotted line under it: nothing on
  // the page moves and no text is covered.
  function layout() {
    const range = document.createRange();
    const positions = marks.map((m) => {
      if (!m.node.isConnected || m.end > m.node.length) return null;
      range.setStart(m.node, m.start);
      range.setEnd(m.node, m.end);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1];
      return last && last.width ? { left: last.left + scrollX, right: last.right + scrollX, top: last.top + scrollY, bottom: last.bottom + scrollY } : null;
    });
    marks.forEach((m, i) => {
      const p = positions[i];
      for (const el of [m.go, m.more, m.line]) el.hidden = !p;
      if (!p) return;
      const y = Math.max(0, p.top - 11);
      m.go.style.left = `${p.right - 26}px`;
      m.go.style.top = `${y}px`;
      m.more.style.left = `${p.right - 12}px`;
      m.more.style.top = `${y}px`;
      m.line.style.left = `${p.left}px`;
      m.line.style.top = `${p.bottom - 1}px`;
      m.line.style.width = `${p.right - p.left}px`;
    });
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
      clearTimeout(start.t);
      start.t = setTimeout(layout, 200);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  if (document.body && /\d/.test(document.body.textContent ?? '')) start();
  else if (document.body) {
    // No digits yet: wait for the page to add some before asking anything.
    const watch = new MutationObserver(() => {
      if (/\d/.test(document.body.textContent ?? '')) { watch.disconnect(); start(); }
    });
    watch.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
})();
