import { readFileSync } from 'node:fs';
import type {
  SandboxStateRepository,
  Store,
  Tool,
  ToolContext,
  ToolResult,
} from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { createSandboxTools, seedSandbox } from '../../../../../adapters/tools/sandbox/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

/** The committed demo seed, read fresh for each test. */
export function demoSeed(): unknown {
  return JSON.parse(readFileSync(new URL('../../../../../data/sandbox-seed.json', import.meta.url), 'utf8'));
}

export interface SandboxFixture {
  readonly state: SandboxStateRepository;
  readonly store: Store;
  readonly tools: Map<string, Tool>;
  /** Calls a tool as the orchestrator would: parse the input, then run (or dry-run) with a context. */
  call(name: string, input: unknown, key?: string): Promise<ToolResult>;
  dryRun(name: string, input: unknown): Promise<ToolResult>;
}

/** Fixed time, so recorded deploys and comments are predictable. */
const clock = { now: () => new Date('2026-08-01T10:30:00.000Z') };
let keys = 0;

export function ctx(key = `key-${++keys}`): ToolContext {
  return {
    idempotencyKey: key,
    signal: new AbortController().signal,
    logger: silentLogger,
    clock,
  };
}

/** A fresh, empty real store on a private in-memory SQLite database. */
export function memoryStore(): Store {
  return openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
}

/** A seeded sandbox on the real store (in-memory SQLite). */
export function seededSandbox(): SandboxFixture {
  const store = memoryStore();
  const state = store.sandbox;
  seedSandbox(state, demoSeed());
  const tools = new Map(createSandboxTools({ state }).map((t) => [t.name, t]));
  const tool = (name: string): Tool => {
    const t = tools.get(name);
    if (t === undefined) throw new Error(`no tool ${name}`);
    return t;
  };
  return {
    state,
    store,
    tools,
    call: (name, input, key) => {
      const t = tool(name);
      return t.run(t.input.parse(input), ctx(key));
    },
    dryRun: (name, input) => {
      const t = tool(name);
      if (t.dryRun === undefined) throw new Error(`${name} has no dry-run`);
      return t.dryRun(t.input.parse(input), ctx());
    },
  };
}
