// @ts-check
// The welcome page, shown once after install (the core opens it) and from the settings: the
// choices a new user makes first, and a "try it" field that shows what Send would open. It
// stores nothing until the user confirms; then the worker saves the settings.
import { ready, ask, said } from './core.js';
import { t, localize } from './i18n.js';
import { pageAccess, showChoices, telemetryAccess } from './ui.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
localize();
const [core, view] = await Promise.all([ready, ask('view')]);
const settings = view.value.settings;
showChoices(core, settings);

/** The settings as chosen on this page (the rest as they are). */
function chosen() {
  return {
    ...settings,
    default_region: $('default-region').value,
    default_platform: $('default-platform').value,
    whatsapp_target: $('whatsapp-target').value,
    detect_numbers: $('detect-numbers').checked,
  };
}

/** What Send would open for the number typed, with the choices made above. */
function tryIt() {
  const out = $('try-result');
  const input = $('try-number').value;
  out.className = '';
  if (!input.trim()) { out.textContent = ''; return; }
  const plan = said(core.planSend(input, $('default-platform').value, '', chosen()));
  if (!plan.ok) { out.className = 'error'; out.textContent = plan.message; return; }
  const { link } = plan.value;
  out.className = 'valid';
  out.textContent = link.url ? t({ key: 'onboarding_would_open', args: [link.url] }) : t(link.notice);
}
for (const id of ['try-number', 'default-region', 'default-platform', 'whatsapp-target']) $(id).addEventListener('input', tryIt);

$('welcome-form').addEventListener('submit', async (/** @type {Event} */ e) => {
  e.preventDefault();
  const status = $('welcome-status');
  // What was chosen that needs the browser's leave (access to pages for detection; the
  // telemetry server's own origin) is asked for now, in one request, in the click.
  const detect = $('detect-numbers').checked;
  const telemetry = $('telemetry').checked;
  if (!await (telemetry ? telemetryAccess(true, detect) : pageAccess(detect))) {
    $('detect-numbers').checked = false;
    $('telemetry').checked = false;
    status.className = 'error';
    status.textContent = telemetry ? t('telemetry_needs_access') : t('detection_needs_access');
    return;
  }
  const reply = await ask('saveSettings', { settings: chosen() });
  status.className = reply.ok ? '' : 'error';
  if (!reply.ok) { status.textContent = reply.message; return; }
  if (telemetry) {
    const on = await ask('setTelemetry', { on: true });
    if (!on.ok) { status.className = 'error'; status.textContent = on.message; return; }
  }
  // The shortcut that opens the popup, as the browser has it now (the user may have changed
  // or removed it).
  const commands = await chrome.commands.getAll().catch(() => []);
  const shortcut = commands.find((c) => c.name === '_execute_action')?.shortcut;
  status.textContent = shortcut ? t({ key: 'onboarding_saved', args: [shortcut] }) : t('onboarding_saved_no_shortcut');
});

document.documentElement.dataset.ready = 'true';
