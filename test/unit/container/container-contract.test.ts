import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/index.js';

/** Dockerfile instructions, with `\` continuations joined; `stage` is the FROM index they belong to. */
function instructions(text: string): { stage: number; op: string; args: string }[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: { stage: number; op: string; args: string }[] = [];
  let stage = -1;
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stage++;
    out.push({ stage, op, args: m[2]!.trim() });
  }
  return out;
}

// No Docker engine runs here: the contract is checked by reading the files (README "Container image").
describe('container: Dockerfile and compose.yaml contract', () => {
  const docker = instructions(readFileSync('Dockerfile', 'utf8'));
  const last = Math.max(...docker.map((i) => i.stage));
  const final = docker.filter((i) => i.stage === last);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as any;
  const service = compose.services.watchkeeper;

  it('is multi-stage: the runtime copies dependencies from a build stage and has no compiler', () => {
    expect(docker.filter((i) => i.op === 'FROM').length).to.be.at.least(2);
    expect(final.some((i) => i.op === 'COPY' && i.args.includes('--from=deps'))).to.equal(true);
    expect(final.some((i) => i.op === 'RUN' && /g\+\+|make/.test(i.args))).to.equal(false);
  });

  it('runs as a non-root user', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).to.be.a('string');
    expect(['root', '0', '0:0']).not.to.include(user);
  });

  it('the entrypoint is `npm start` without npm, and it listens on the exposed port', () => {
    const entry = JSON.parse(final.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    const cmd = JSON.parse(final.find((i) => i.op === 'CMD')!.args) as string[];
    expect([...entry, ...cmd].join(' ')).to.equal(pkg.scripts['start']);
    const env = final
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(final.find((i) => i.op === 'EXPOSE')?.args).to.equal(port);
    expect(env).to.match(/HOST=0\.0\.0\.0/);
  });

  it('keeps state in a data volume that is the configured data directory', () => {
    const volume = JSON.parse(final.find((i) => i.op === 'VOLUME')!.args) as string[];
    const env = final
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    const workdir = final.filter((i) => i.op === 'WORKDIR').at(-1)!.args;
    expect(volume).to.deep.equal([`${workdir}/data`]);
    expect(env).to.include(`WATCHKEEPER_DATA_DIR=${workdir}/data`);
  });

  it('checks health on /healthz', () => {
    const health = final.find((i) => i.op === 'HEALTHCHECK')!.args;
    expect(health).to.include('/healthz');
    expect(service.healthcheck.test.join(' ')).to.include('/healthz');
  });

  it('HOST=0.0.0.0 refuses to start without WATCHKEEPER_CONSOLE_TOKEN, and compose requires it', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, process.cwd()))
      .to.throw()
      .with.property('message')
      .that.matches(/WATCHKEEPER_CONSOLE_TOKEN/);
    expect(loadConfig({ HOST: '0.0.0.0', WATCHKEEPER_CONSOLE_TOKEN: 't' }, process.cwd()).host).to.equal(
      '0.0.0.0',
    );
    expect(service.environment.WATCHKEEPER_CONSOLE_TOKEN).to.match(/^\$\{WATCHKEEPER_CONSOLE_TOKEN:\?/);
  });

  it('compose publishes the exposed port and mounts a named volume on the data directory', () => {
    const exposed = final.find((i) => i.op === 'EXPOSE')!.args;
    expect(service.ports.some((p: string) => p.endsWith(`:${exposed}`))).to.equal(true);
    const [name, mount] = (service.volumes[0] as string).split(':');
    expect(mount).to.equal('/app/data');
    expect(compose.volumes).to.have.property(name!);
    expect(service.build).to.equal('.');
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const p of ['.env', 'node_modules', 'data/*.db', 'data/keys']) expect(ignored).to.include(p);
  });
});
