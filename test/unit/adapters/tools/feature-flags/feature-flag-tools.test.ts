import { expect } from 'chai';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import { createFeatureFlagTools } from '../../../../../adapters/tools/feature-flags/index.js';
import { startFakeFlagService, type FakeFlagService } from '../../../../fakes/feature-flags/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const ctx = (): ToolContext => ({
  idempotencyKey: 'k',
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date() },
});

describe('feature flag tool (fake HTTP flag service)', () => {
  let svc: FakeFlagService;
  let set: Tool;
  beforeEach(async () => {
    svc = await startFakeFlagService({ token: 't0k', flags: { 'new-checkout-flow': true } });
    set = createFeatureFlagTools({
      api: { baseUrl: svc.url, token: 't0k', retries: 1, retryBaseMs: 1 },
      environment: 'production',
    })[0]!;
  });
  afterEach(() => svc.close());

  it('previews, flips, and its rollback flips back', async () => {
    const input = set.input.parse({ flag: 'new-checkout-flow', enabled: false });
    expect((await set.dryRun!(input, ctx())).summary).to.equal('flag new-checkout-flow: on → off');
    expect(svc.writes).to.have.length(0);
    const r = await set.run(input, ctx());
    expect(svc.flags.get('new-checkout-flow')).to.equal(false);
    const back = set.rollback!(input, r)!;
    expect(back).to.deep.equal({ tool: 'flags.set', input: { flag: 'new-checkout-flow', enabled: true } });
    await set.run(set.input.parse(back.input), ctx());
    expect(svc.flags.get('new-checkout-flow')).to.equal(true);
    const noop = await set.run(set.input.parse(back.input), ctx());
    expect(set.rollback!(input, noop), 'nothing to undo after a no-op').to.equal(undefined);
  });

  it('names an unknown flag, retries a 503 and gives up as transient', async () => {
    const unknown = await set
      .run(set.input.parse({ flag: 'nope', enabled: true }), ctx())
      .catch((e: ToolError) => e);
    expect((unknown as ToolError).message).to.equal('unknown feature flag "nope"');
    svc.failNext(503);
    expect(
      (await set.run(set.input.parse({ flag: 'new-checkout-flow', enabled: false }), ctx())).ok,
    ).to.equal(true);
    svc.failNext(503, 2);
    const down = await set
      .run(set.input.parse({ flag: 'new-checkout-flow', enabled: true }), ctx())
      .catch((e: ToolError) => e);
    expect((down as ToolError).code).to.equal('TOOL_TRANSIENT');
  });
});
