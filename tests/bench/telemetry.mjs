// A bounded load run against the telemetry server under `wrangler dev` on 127.0.0.1: 50,000
// events in batches of 100, 8 requests at a time; events per second and the latency of a
// batch (median and 99th percentile). This measures the local simulator on this machine, not
// Cloudflare's edge. Prints figures only.
import { startWrangler } from '../server/wrangler.mjs';

const EVENTS = 50_000;
const BATCH = 100;
const CONCURRENCY = 8;
const body = JSON.stringify({ events: Array.from({ length: BATCH }, (_, i) => ({ event: 'message_sent', platform: ['whatsapp', 'telegram', 'sms'][i % 3], country: ['DE', 'BR', 'IN'][i % 3], id: '0123456789abcdef', ts: 490_000 * 3_600_000 })) });
const server = await startWrangler();
try {
  const url = `${server.url}/v1/events`;
  const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (let i = 0; i < 20; i++) await (await post()).arrayBuffer(); // warm up
  const latencies = [];
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS / BATCH) {
      next += 1;
      const t = performance.now();
      const r = await post();
      const reply = await r.json();
      latencies.push(performance.now() - t);
      if (r.status !== 202 || reply.accepted !== BATCH) failed += 1;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`${EVENTS.toLocaleString('en')} events in ${latencies.length} batches of ${BATCH}, ${CONCURRENCY} at a time: ${Math.round(EVENTS / seconds).toLocaleString('en')} events/s; batch latency median ${at(0.5)} ms, p99 ${at(0.99)} ms; ${failed} refused`);
} finally {
  server.stop();
}
