/**
 * A slim driver for B3 alone (not part of `npm run bench`): runs `benchCommands` once and prints the
 * figures, so the command path can be profiled in isolation:
 *   node --cpu-prof --cpu-prof-dir=/tmp/b3prof --import tsx bench/b3-driver.ts [rate] [seconds] [rollbackEvery]
 */
import { benchCommands } from './in-app.js';

const [rate = '500', seconds = '5', every = '250'] = process.argv.slice(2);
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const f = await benchCommands({
  rate: Number(rate),
  seconds: Number(seconds),
  rollbackEvery: Number(every),
  promptLimitMs: 15_000,
});
const { sender } = f;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    windowUs: [Number(started / 1000n), Number(process.hrtime.bigint() / 1000n)],
    // CPU this process got (app + its threads) against the wall time: below 1 core while acks are late means the machine, not the app, was the limit
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    wallMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    sent: sender.sent,
    ok: sender.ok,
    achievedRate: Math.round(sender.achievedRate),
    maxLagMs: Math.round(sender.maxLagMs),
    ack: sender.latencyMs,
    bySecond: sender.bySecond.map((b) => `${b.second}:${Math.round(b.p99)}/${Math.round(b.max)}`).join(' '),
    anchorP50Ms: f.anchorP50Ms,
    promptP50Ms: f.promptP50Ms,
    promptMaxMs: f.promptMaxMs,
    responseUrlReplies: f.responseUrlReplies,
    calls: f.rollbacks[0]?.calls,
  }),
);
process.exit(0);
