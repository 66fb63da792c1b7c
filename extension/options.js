// The options page: renders the settings and asks the service worker to save them.
import { ready, ask } from './core.js';
import { countryName, platformSelect } from './ui.js';

const $ = (id) => document.getElementById(id);
const [core, state] = await Promise.all([ready, ask('state')]);
const settings = state.value.settings;

const regions = core.regions()
  .map(([region, code]) => ({ region, label: `${countryName(region)} (+${code})` }))
  .sort((a, b) => a.label.localeCompare(b.label));
$('default-region').replaceChildren(...regions.map((r) =>
  new Option(r.label, r.region, false, r.region === settings.default_region)));
platformSelect($('default-platform'), core.platforms(), settings.default_platform);
$('my-number').value = settings.my_number;
$('whatsapp-target').value = settings.whatsapp_target;
$('detect-numbers').checked = settings.detect_numbers;
$('excluded-sites').value = settings.excluded_sites.join('\n');

$('settings-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = $('settings-status');
  const reply = await ask('saveSettings', {
    settings: {
      version: settings.version,
      default_region: $('default-region').value,
      default_platform: $('default-platform').value,
      my_number: $('my-number').value,
      whatsapp_target: $('whatsapp-target').value,
      detect_numbers: $('detect-numbers').checked,
      excluded_sites: $('excluded-sites').value.split('\n'),
    },
  });
  status.className = reply.ok ? '' : 'error';
  if (reply.ok) {
    $('my-number').value = reply.value.my_number;
    $('excluded-sites').value = reply.value.excluded_sites.join('\n');
    status.textContent = 'Settings saved.';
  } else {
    status.textContent = reply.message;
    if (reply.field === 'my_number') $('my-number').focus();
    if (reply.field === 'excluded_sites') $('excluded-sites').focus();
  }
});
document.documentElement.dataset.ready = 'true';
