import { createHmac } from 'node:crypto';

/**
 * Signs a request body as Slack does (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackRequestOptions {
  readonly secret: string;
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Overrides the computed signature (forgeries). */
  readonly signature?: string;
  readonly retryNum?: number;
  readonly contentType?: string;
}

/** POSTs a signed request into the bot like Slack does; returns status and body text. */
export async function postToBot(
  url: string,
  body: string,
  options: SlackRequestOptions,
): Promise<{ status: number; text: string; ms: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

/** A slash command form body as Slack sends it (percent-encoded). */
export function slashCommandForm(fields: {
  team?: string;
  channel: string;
  user: string;
  userName?: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: fields.team ?? 'T0001',
    team_domain: 'example',
    channel_id: fields.channel,
    channel_name: 'ops',
    user_id: fields.user,
    user_name: fields.userName ?? fields.user.toLowerCase(),
    command: '/wk',
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
    api_app_id: 'A123456',
  }).toString();
}

/** A block_actions button click as Slack sends it (`payload=` form field). */
export function blockActionsForm(fields: {
  team?: string;
  channel: string;
  user: string;
  messageTs: string;
  threadTs?: string;
  actionId: string;
  value: string;
  responseUrl: string;
  triggerId: string;
}): string {
  const team = fields.team ?? 'T0001';
  const payload = {
    type: 'block_actions',
    team: { id: team, domain: 'example' },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: team },
    api_app_id: 'A123456',
    token: '9s8d9as89d8as9d8as989',
    container: {
      type: 'message',
      message_ts: fields.messageTs,
      channel_id: fields.channel,
      is_ephemeral: false,
    },
    trigger_id: fields.triggerId,
    channel: { id: fields.channel, name: 'ops' },
    message: {
      bot_id: 'BBOT',
      type: 'message',
      text: 'approval',
      user: 'UBOT',
      ts: fields.messageTs,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'wk_approval',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: '1548426417.840180',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
