import type { ErrorCode } from './errors.js';
import type { Risk } from './risk.js';

/** Where a message lives: a channel on a platform, optionally a thread in it. */
export interface Conversation {
  readonly platform: string;
  readonly channel: string;
  readonly thread?: string;
  /**
   * The thread's first message is one the bot posted for this command (its anchor): the run may edit
   * it, e.g. into the approval prompt, which then needs no second post into a paced channel.
   */
  readonly anchored?: boolean;
}

export interface MessageRef {
  readonly platform: string;
  readonly conversation: Conversation;
  readonly id: string;
}

interface ChatEventBase {
  readonly id: string;
  readonly platform: string;
  /** Principal id, `platform:user`; the gateway resolves roles. */
  readonly principal: string;
  readonly displayName?: string;
  readonly conversation: Conversation;
  readonly receivedAt: string;
}

/** Normalised input from a chat surface. */
export type ChatEvent =
  | (ChatEventBase & { readonly kind: 'command'; readonly text: string })
  | (ChatEventBase & { readonly kind: 'message'; readonly text: string })
  | (ChatEventBase & {
      readonly kind: 'approval';
      readonly approvalId: string;
      readonly decision: VoteDecision;
      /** HMAC over the step digest carried by a button; absent for typed `approve <id>`. */
      readonly token?: string;
      readonly secondFactor?: string;
    })
  | (ChatEventBase & { readonly kind: 'reaction'; readonly messageId: string; readonly reaction: string });

export type VoteDecision = 'approve' | 'reject';

/** What a chat surface shows for an approval; adapters render it (buttons, embeds, reactions). */
export interface ApprovalPrompt {
  readonly approvalId: string;
  readonly token: string;
  readonly incidentId?: string;
  readonly runId: string;
  readonly tool: string;
  readonly input: unknown;
  readonly rationale: string;
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
  readonly preview?: string;
  readonly requester: string;
  readonly needed: number;
  readonly roles: readonly string[];
  readonly distinctFromRequester: boolean;
  readonly expiresAt: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'expired';
  readonly votes: readonly {
    principal: string;
    decision: VoteDecision;
    accepted: boolean;
    reason?: string;
  }[];
  readonly outcome?: string;
}

/** A message the bot sends. `text` is always a complete plain-text rendering. */
export interface OutgoingMessage {
  readonly text: string;
  /** Only for the caller (Slack ephemeral, Discord ephemeral); platforms without it post normally. */
  readonly ephemeral?: boolean;
  /** Holds a secret for the caller only (2FA enrolment): never into a shared feed, room or channel. */
  readonly private?: boolean;
  readonly approval?: ApprovalPrompt;
  readonly incidentId?: string;
  /** Set when the reply refuses or fails the request, so HTTP surfaces can answer 4xx. */
  readonly error?: { readonly code: ErrorCode };
}

/** Hands inbound events to the gateway; resolves with the immediate replies for the caller. */
export type ChatEventSink = (event: ChatEvent) => Promise<readonly OutgoingMessage[]>;

/** A chat surface. Rendering lives beside it (render.ts), inbound translation in to-event.ts. */
export interface ChatAdapter {
  readonly platform: string;
  start(sink: ChatEventSink): Promise<void>;
  stop(): Promise<void>;
  post(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** Whether the platform accepts us (auth, channels); shown on `/readyz`. Absent means always ok. */
  health?(): { ok: boolean; detail?: string };
}
