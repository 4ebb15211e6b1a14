export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/**
 * A support ticket as Watchkeeper keeps it, whatever system it came from. `id` is the local short id
 * people type (`T-12`); `source` + `externalId` name it in its own system (`github`, `acme/web#42`).
 * Title and body are untrusted requester text.
 */
export interface Ticket {
  readonly id: string;
  readonly source: string;
  readonly externalId: string;
  readonly title: string;
  readonly body: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly reporter: string;
  readonly service?: string;
  readonly url?: string;
  /** The incident the ticket's signal opened: its thread is where the ticket is worked. */
  readonly incidentId?: string;
  readonly resolution?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TicketDraft = Omit<Ticket, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'resolution'> & {
  readonly status?: TicketStatus;
};

/** What happened on a ticket: diagnostics, drafts, replies sent, escalations, proposals. */
export interface TicketNote {
  readonly id: number;
  readonly ticketId: string;
  readonly kind: string;
  readonly text: string;
  readonly data?: unknown;
  readonly by: string;
  readonly at: string;
}

export const TICKET_LINK_KINDS = ['duplicate_of', 'related', 'explained_by'] as const;
export type TicketLinkKind = (typeof TICKET_LINK_KINDS)[number];

/** `ticketId` → `other`; `explained_by` points at an incident id rather than a ticket. */
export interface TicketLink {
  readonly ticketId: string;
  readonly other: string;
  readonly kind: TicketLinkKind;
  readonly by: string;
  readonly at: string;
}

/** The built-in ticket store (SQLite), and the local record of tickets from other systems. */
export interface TicketRepository {
  /** Inserts, or updates title/body/priority/… of the ticket with the same source + externalId. */
  upsert(draft: TicketDraft, at: string): { ticket: Ticket; created: boolean };
  get(id: string): Ticket | undefined;
  byExternal(source: string, externalId: string): Ticket | undefined;
  byIncident(incidentId: string): Ticket | undefined;
  /** A local id (`T-12`) or, failing that, the newest ticket with that external id (`SUP-7`, `acme/web#3`). */
  find(ref: string): Ticket | undefined;
  list(filter: { status?: TicketStatus; limit: number }): Ticket[];
  /** Open tickets about a service created at or after `since` (alert ↔ ticket linking). */
  openForService(service: string, since: string): Ticket[];
  setStatus(id: string, status: TicketStatus, at: string, resolution?: string): Ticket;
  addNote(note: Omit<TicketNote, 'id'>): TicketNote;
  notes(ticketId: string, kind?: string): TicketNote[];
  /** Idempotent: the same link twice is stored once. */
  addLink(link: TicketLink): void;
  links(ticketId: string): TicketLink[];
}

/** What a ticketing write did (or, in a dry run, would do). */
export interface TicketWriteResult {
  readonly summary: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface TicketWriteOptions {
  /** Describe the write without making it. */
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
}

/**
 * One ticketing system behind one shape: the built-in store, GitHub Issues, Jira. Each write has a
 * dry run; the tools that call these declare the risk. `handles` says which tickets it writes back to
 * (by `Ticket.source`). Systems without a verb (GitHub has no transitions) leave it out.
 */
export interface TicketingAdapter {
  readonly system: string;
  handles(ticket: Ticket): boolean;
  /** `visibility: 'public'` is a reply the requester sees; `internal` a note for agents. */
  comment(
    ticket: Ticket,
    text: string,
    visibility: 'public' | 'internal',
    o: TicketWriteOptions,
  ): Promise<TicketWriteResult>;
  close(ticket: Ticket, reason: string, o: TicketWriteOptions): Promise<TicketWriteResult>;
  link(
    ticket: Ticket,
    other: Ticket,
    kind: TicketLinkKind,
    o: TicketWriteOptions,
  ): Promise<TicketWriteResult>;
  label?(ticket: Ticket, labels: readonly string[], o: TicketWriteOptions): Promise<TicketWriteResult>;
  transition?(ticket: Ticket, to: string, o: TicketWriteOptions): Promise<TicketWriteResult>;
}
