// @ts-check
// Starts `wrangler dev` on the built telemetry server (crates/contakt-telemetry-server/build,
// `make telemetry-server`) on a free port of 127.0.0.1, quiet (no metrics, no update check, no
// network), for the tests and the benchmark; `stop()` ends its process group.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SERVER = fileURLToPath(new URL('../../crates/contakt-telemetry-server/', import.meta.url));
const WRANGLER = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url));

/** A free port on 127.0.0.1. */
/** @returns {Promise<number>} */
const freePort = () => new Promise((done) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = /** @type {import('node:net').AddressInfo} */ (s.address()); s.close(() => done(port)); }); });

/** `wrangler dev` serving the built worker, quiet (no metrics, no update check, no network). */
/** @returns {Promise<{ url: string, stop: () => void }>} */
export async function startWrangler() {
  const port = await freePort();
  const child = spawn(WRANGLER, ['dev', '--ip', '127.0.0.1', '--port', String(port)], {
    cwd: SERVER, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (/Ready on/.test(log)) break;
    if (i > 300 || child.exitCode !== null) { try { process.kill(-child.pid); } catch { /* gone */ } throw new Error(`wrangler dev did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } } };
}


/**
 * The built telemetry server run by Miniflare on a free port of 127.0.0.1, its Analytics
 * Engine dataset (`EVENTS`) bound to a test double that hands every data point to `onPoint`.
 * @param {(point: any) => void} onPoint
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startWithDouble(onPoint) {
  const { Miniflare } = await import('miniflare');
  const port = await freePort();
  const mf = new Miniflare({
    host: '127.0.0.1', port,
    workers: [
      {
        name: 'server', modules: true, scriptPath: `${SERVER}build/index.js`, modulesRoot: `${SERVER}build`,
        modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
        compatibilityDate: '2026-04-01',
        wrappedBindings: { EVENTS: 'analytics-double' },
      },
      {
        // Stands in for the Analytics Engine dataset: each data point goes to the test.
        name: 'analytics-double', modules: true,
        serviceBindings: { async TEST(request) { onPoint(await request.json()); return new Response(null, { status: 204 }); } },
        script: 'export default (env) => ({ writeDataPoint(point) { env.TEST.fetch("http://test/", { method: "POST", body: JSON.stringify(point) }); } });',
      },
    ],
  });
  const url = await mf.ready;
  return { url: new URL('/v1/events', url).href, stop: () => mf.dispose() };
}
