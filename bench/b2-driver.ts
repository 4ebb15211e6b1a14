/**
 * A slim driver for B2 alone (not part of `npm run bench`): runs `benchStorm` once and prints its
 * figures. `node --import tsx bench/b2-driver.ts [alerts] [seconds] [groups]` (default 10000 60 20).
 */
import { benchStorm } from './in-app.js';

const [alerts = '10000', seconds = '60', groups = '20'] = process.argv.slice(2);
const f = await benchStorm({
  alerts: Number(alerts),
  seconds: Number(seconds),
  groups: Number(groups),
  settleLimitMs: 120_000,
});
const { perGroup, sender, ...rest } = f;
console.log(
  JSON.stringify({
    ...rest,
    sender: { sent: sender.sent, ok: sender.ok, accepted: sender.accepted, latencyMs: sender.latencyMs },
    updatesPerGroup: perGroup.map((g) => g.updates),
    maxUpdatesIn10sPerGroup: perGroup.map((g) => g.maxUpdatesIn10s),
  }),
);
process.exit(0);
