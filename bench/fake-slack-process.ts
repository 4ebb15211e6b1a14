/**
 * The fake Slack Web API for B2/B3 in its own process (`node --import tsx bench/fake-slack-process.ts`),
 * so that answering the app's Web API calls and `response_url` replies does not use the app's CPU (a
 * real Slack is remote). Prints one line `FAKE_SLACK {"url","apiUrl","botToken","control"}`; `GET
 * <control>/snapshot` returns what it recorded, with each call's arrival as epoch ms
 * (`performance.timeOrigin + at`, the clock the paced sender stamps its sends with). Exits on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlack } from '../test/fakes/slack/fake-slack.js';

const fake = new FakeSlack();
await fake.start();
const control = createServer((req, res) => {
  if (req.url !== '/snapshot') {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.stringify({
    calls: fake.calls.map((c) => ({ ...c, at: performance.timeOrigin + c.at })),
    messages: fake.messages,
    responses: [...fake.responses.values()].reduce((n, r) => n + r.length, 0),
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const port = (control.address() as AddressInfo).port;
process.stdout.write(
  `FAKE_SLACK ${JSON.stringify({ url: fake.url, apiUrl: fake.apiUrl, botToken: fake.botToken, control: `http://127.0.0.1:${port}` })}\n`,
);
process.once('SIGTERM', () => {
  control.close();
  void fake.stop().then(() => process.exit(0));
});
