import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FakeDiscord, FakeMessage } from './fake-discord.js';

export interface Who {
  readonly id: string;
  readonly username?: string;
}

export interface Where {
  readonly channel: string;
  /** A thread in `channel`: the interaction then comes from the thread channel (type 11). */
  readonly thread?: string;
}

let counter = 0;

function base(fake: FakeDiscord, type: number, who: Who, where: Where) {
  const id = fake.newId();
  const channelId = where.thread ?? where.channel;
  return {
    id,
    application_id: fake.applicationId,
    type,
    token: `itoken-${++counter}-${id}`,
    version: 1,
    guild_id: fake.guildId,
    guild: { id: fake.guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel:
      where.thread === undefined
        ? { id: channelId, type: 0, guild_id: fake.guildId, name: 'ops', parent_id: null, flags: 0 }
        : {
            id: channelId,
            type: 11,
            guild_id: fake.guildId,
            name: 'incident',
            parent_id: where.channel,
            flags: 0,
          },
    member: {
      user: {
        id: who.id,
        username: who.username ?? `user${who.id}`,
        discriminator: '0',
        global_name: null,
        avatar: null,
        public_flags: 0,
      },
      roles: [],
      premium_since: null,
      permissions: '2147483647',
      pending: false,
      nick: null,
      mute: false,
      deaf: false,
      flags: 0,
      avatar: null,
      joined_at: '2025-03-13T19:19:14.040000+00:00',
    },
    app_permissions: '442368',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': fake.guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

/** `/wk run command:<text>`: the verbatim form of any console command. */
export function runOptions(text: string): unknown[] {
  return [{ type: 1, name: 'run', options: [{ type: 3, name: 'command', value: text }] }];
}

/** `/wk <group> <sub> args:<args>` as Discord sends a subcommand in a group. */
export function groupOptions(group: string, sub: string, args?: string): unknown[] {
  return [
    {
      type: 2,
      name: group,
      options: [
        { type: 1, name: sub, options: args === undefined ? [] : [{ type: 3, name: 'args', value: args }] },
      ],
    },
  ];
}

/** An APPLICATION_COMMAND interaction for `/wk` (protocols §2.3, "Slash Command Interaction"). */
export function commandInteraction(
  fake: FakeDiscord,
  who: Who,
  where: Where,
  options: unknown[],
  name = 'wk',
) {
  return {
    ...base(fake, 2, who, where),
    data: { id: '771825006014889984', name, type: 1, options, guild_id: fake.guildId },
  };
}

/** A MESSAGE_COMPONENT interaction: a click on a button of `message` with `customId`. */
export function buttonInteraction(
  fake: FakeDiscord,
  who: Who,
  where: Where,
  message: FakeMessage,
  customId: string,
) {
  return {
    ...base(fake, 3, who, where),
    message: fake.wire(message),
    data: { custom_id: customId, component_type: 2 },
  };
}

/** The custom_ids of a message's buttons, `[approve, reject]`. */
export function buttonIds(m: FakeMessage): string[] {
  return m.components.flatMap((row: any) => (row.components ?? []).map((c: any) => String(c.custom_id)));
}

/** An Ed25519 key pair like a Discord application's; `publicKeyHex` is what DISCORD_PUBLIC_KEY holds. */
export function interactionKeys(): { privateKey: KeyObject; publicKeyHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString('hex') };
}

/** POSTs an interaction to the app signed as Discord does (`X-Signature-Ed25519` over timestamp + body). */
export async function postInteraction(
  url: string,
  body: unknown,
  privateKey: KeyObject,
  options: { timestamp?: number; tamper?: boolean } = {},
): Promise<{ status: number; body: any; ms: number }> {
  const raw = JSON.stringify(body);
  const ts = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  let signature = sign(null, Buffer.from(ts + raw), privateKey).toString('hex');
  if (options.tamper === true) signature = `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`;
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': ts,
    },
    body: raw,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? undefined : JSON.parse(text),
    ms: performance.now() - start,
  };
}
