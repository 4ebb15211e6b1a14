/** Starts a real Prometheus Alertmanager on a free port: no cluster, one receiver with no notifiers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnTracked, tempDir, waitReady, type Service } from './processes.js';

const CONFIG = `route:
  receiver: blackhole
receivers:
  - name: blackhole
`;

export async function startAlertmanager(binary: string): Promise<Service> {
  const dir = tempDir('am');
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, CONFIG);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = spawnTracked(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { cwd: dir },
  );
  const startupMs = await waitReady(proc, `${baseUrl}/-/ready`, t0, 30_000);
  return { proc, pid: proc.pid, baseUrl, dir, startupMs };
}
