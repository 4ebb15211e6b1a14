import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import { createAlertmanagerTools } from '../../../../../adapters/tools/alertmanager/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';
import { freePort, waitFor } from '../../../../e2e/wait.js';
import { stopChild } from '../../../../helpers/stop-child.js';

const BINARY = '/usr/bin/prometheus-alertmanager';

const ctx = (key: string): ToolContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date() },
});

/** The silence tools against a real Prometheus Alertmanager (Debian package). */
describe('Alertmanager silence tools (real alertmanager)', function () {
  this.timeout(60_000);
  let am: ChildProcess | undefined;
  let dir: string;
  let url: string;
  let tools: Map<string, Tool>;

  before(async function () {
    if (!existsSync(BINARY)) {
      if (process.env['CI'] !== undefined)
        throw new Error(`${BINARY} is missing in CI: .ci/run installs prometheus-alertmanager`);
      console.log(`      skipped: ${BINARY} not installed (apt-get install prometheus-alertmanager)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'wk-am-silence-'));
    const config = join(dir, 'alertmanager.yml');
    writeFileSync(config, ['route:', '  receiver: none', 'receivers:', '  - name: none'].join('\n'));
    const port = await freePort();
    am = spawn(
      BINARY,
      [
        `--config.file=${config}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    url = `http://127.0.0.1:${port}`;
    await waitFor('alertmanager ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
    tools = new Map(
      createAlertmanagerTools({ api: { baseUrl: url, retries: 0 }, environment: 'production' }).map((t) => [
        t.name,
        t,
      ]),
    );
    await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'HighCPU', service: 'cart', severity: 'warning' } }]),
    });
  });

  after(async () => {
    await stopChild(am);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const call = (name: string, input: unknown, key: string) => {
    const t = tools.get(name)!;
    return t.run(t.input.parse(input), ctx(key));
  };
  const silences = async (): Promise<any[]> =>
    (await (await fetch(`${url}/api/v2/silences`)).json()) as any[];

  it('previews, creates once per idempotency key, mutes the alert, and expires it through its rollback', async () => {
    const create = tools.get('alertmanager.create_silence')!;
    const input = create.input.parse({ matchers: { alertname: 'HighCPU', service: 'cart' }, minutes: 30 });
    expect(create.risk).to.equal('medium');
    expect(create.target(input)).to.deep.equal({
      environment: 'production',
      service: 'cart',
      asset: 'alertmanager',
    });
    const preview = await create.dryRun!(input, ctx('k-1'));
    expect(preview.summary).to.match(
      /would silence \{alertname="HighCPU", service="cart"\} for 30 min \(1 alert firing now\)/,
    );
    expect(await silences()).to.have.length(0);

    const first = await call('alertmanager.create_silence', input, 'k-1');
    const again = await call('alertmanager.create_silence', input, 'k-1');
    const id = (first.data as any).id;
    expect((again.data as any).id, 'a retry finds the same silence').to.equal(id);
    const all = await silences();
    expect(all).to.have.length(1);
    expect(all[0]).to.deep.include({ id, createdBy: 'watchkeeper' });
    expect(all[0].status.state).to.equal('active');
    expect(all[0].matchers).to.deep.include({
      name: 'service',
      value: 'cart',
      isRegex: false,
      isEqual: true,
    });
    const alerts = (await (
      await fetch(`${url}/api/v2/alerts?filter=alertname%3D%22HighCPU%22`)
    ).json()) as any[];
    expect(alerts[0].status.silencedBy).to.deep.equal([id]);

    const undo = create.rollback!(input, first)!;
    expect(undo).to.deep.equal({ tool: 'alertmanager.expire_silence', input: { id } });
    const expired = await call(undo.tool, undo.input, 'k-2');
    expect(expired.summary).to.equal(`silence ${id} expired`);
    expect((await silences())[0].status.state).to.equal('expired');
    expect((await call(undo.tool, undo.input, 'k-6')).summary).to.match(/already expired/);
  });

  it('refuses unbounded silences before calling, and reports Alertmanager refusals as non-transient', async () => {
    const create = tools.get('alertmanager.create_silence')!;
    expect(create.input.safeParse({ matchers: { alertname: 'X' }, minutes: 100_000 }).success).to.equal(
      false,
    );
    expect(create.input.safeParse({ matchers: {}, minutes: 10 }).success).to.equal(false);
    const gone = await call(
      'alertmanager.expire_silence',
      { id: '00000000-0000-4000-8000-000000000000' },
      'k-3',
    );
    expect(gone.summary).to.match(/is unknown; nothing to do/);
    let caught: unknown;
    try {
      const broken = createAlertmanagerTools({
        api: { baseUrl: `${url}/nope`, retries: 0 },
        environment: 'production',
      })[0]!;
      await broken.run(broken.input.parse({ matchers: { alertname: 'x' }, minutes: 5 }), ctx('k-5'));
    } catch (err) {
      caught = err;
    }
    expect((caught as ToolError).code, 'a 404 route is not worth retrying').to.equal('TOOL_FAILED');
  });
});
