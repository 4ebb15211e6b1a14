import type Database from 'better-sqlite3';
import { WatchkeeperError } from '../core/index.js';
import type {
  Ticket,
  TicketDraft,
  TicketLink,
  TicketLinkKind,
  TicketNote,
  TicketPriority,
  TicketRepository,
  TicketStatus,
} from '../core/index.js';

interface TicketRow {
  id: string;
  source: string;
  external_id: string;
  title: string;
  body: string;
  status: string;
  priority: string;
  reporter: string;
  service: string | null;
  url: string | null;
  incident_id: string | null;
  resolution: string | null;
  created_at: string;
  updated_at: string;
}

interface NoteRow {
  id: number;
  ticket_id: string;
  kind: string;
  text: string;
  data: string | null;
  by: string;
  at: string;
}

/**
 * The built-in ticket store. Local ids are `T-<n>` from an autoincrement, so people can type them;
 * a ticket from another system keeps its `source` + `externalId` and is updated in place when it
 * arrives again (an edit webhook).
 */
export class SqliteTicketRepository implements TicketRepository {
  constructor(private readonly db: Database.Database) {}

  upsert(draft: TicketDraft, at: string): { ticket: Ticket; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.byExternal(draft.source, draft.externalId);
      if (existing !== undefined) {
        this.db
          .prepare(
            `UPDATE tickets SET title = ?, body = ?, priority = ?, reporter = ?, service = ?, url = ?,
               incident_id = COALESCE(?, incident_id), status = COALESCE(?, status), updated_at = ?
             WHERE id = ?`,
          )
          .run(
            draft.title,
            draft.body,
            draft.priority,
            draft.reporter,
            draft.service ?? existing.service ?? null,
            draft.url ?? existing.url ?? null,
            draft.incidentId ?? null,
            draft.status ?? null,
            at,
            existing.id,
          );
        return { ticket: this.must(existing.id), created: false };
      }
      const seq = this.db
        .prepare(
          `INSERT INTO tickets (id, source, external_id, title, body, status, priority, reporter, service,
             url, incident_id, created_at, updated_at)
           VALUES ('pending-' || lower(hex(randomblob(8))), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          draft.source,
          draft.externalId,
          draft.title,
          draft.body,
          draft.status ?? 'open',
          draft.priority,
          draft.reporter,
          draft.service ?? null,
          draft.url ?? null,
          draft.incidentId ?? null,
          at,
          at,
        ).lastInsertRowid;
      const id = `T-${String(seq)}`;
      this.db.prepare('UPDATE tickets SET id = ? WHERE seq = ?').run(id, seq);
      return { ticket: this.must(id), created: true };
    })();
  }

  get(id: string): Ticket | undefined {
    const row = this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id.toUpperCase()) as
      TicketRow | undefined;
    return row === undefined ? undefined : toTicket(row);
  }

  byExternal(source: string, externalId: string): Ticket | undefined {
    const row = this.db
      .prepare('SELECT * FROM tickets WHERE source = ? AND external_id = ?')
      .get(source, externalId) as TicketRow | undefined;
    return row === undefined ? undefined : toTicket(row);
  }

  byIncident(incidentId: string): Ticket | undefined {
    const row = this.db
      .prepare('SELECT * FROM tickets WHERE incident_id = ? ORDER BY seq LIMIT 1')
      .get(incidentId) as TicketRow | undefined;
    return row === undefined ? undefined : toTicket(row);
  }

  find(ref: string): Ticket | undefined {
    const row = this.db
      .prepare(
        'SELECT * FROM tickets WHERE id = ? OR external_id = ? ORDER BY (id = ?) DESC, seq DESC LIMIT 1',
      )
      .get(ref.toUpperCase(), ref, ref.toUpperCase()) as TicketRow | undefined;
    return row === undefined ? undefined : toTicket(row);
  }

  list(filter: { status?: TicketStatus; limit: number }): Ticket[] {
    const rows = (
      filter.status === undefined
        ? this.db.prepare('SELECT * FROM tickets ORDER BY seq DESC LIMIT ?').all(filter.limit)
        : this.db
            .prepare('SELECT * FROM tickets WHERE status = ? ORDER BY seq DESC LIMIT ?')
            .all(filter.status, filter.limit)
    ) as TicketRow[];
    return rows.map(toTicket);
  }

  openForService(service: string, since: string): Ticket[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM tickets WHERE service = ? AND status IN ('open', 'pending') AND created_at >= ?
         ORDER BY seq DESC LIMIT 50`,
      )
      .all(service, since) as TicketRow[];
    return rows.map(toTicket);
  }

  setStatus(id: string, status: TicketStatus, at: string, resolution?: string): Ticket {
    this.must(id);
    this.db
      .prepare(
        'UPDATE tickets SET status = ?, resolution = COALESCE(?, resolution), updated_at = ? WHERE id = ?',
      )
      .run(status, resolution ?? null, at, id.toUpperCase());
    return this.must(id);
  }

  addNote(note: Omit<TicketNote, 'id'>): TicketNote {
    const id = this.db
      .prepare('INSERT INTO ticket_notes (ticket_id, kind, text, data, by, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        note.ticketId,
        note.kind,
        note.text,
        note.data === undefined ? null : JSON.stringify(note.data),
        note.by,
        note.at,
      ).lastInsertRowid;
    return { ...note, id: Number(id) };
  }

  notes(ticketId: string, kind?: string): TicketNote[] {
    const rows = (
      kind === undefined
        ? this.db.prepare('SELECT * FROM ticket_notes WHERE ticket_id = ? ORDER BY id').all(ticketId)
        : this.db
            .prepare('SELECT * FROM ticket_notes WHERE ticket_id = ? AND kind = ? ORDER BY id')
            .all(ticketId, kind)
    ) as NoteRow[];
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      kind: r.kind,
      text: r.text,
      ...(r.data === null ? {} : { data: JSON.parse(r.data) as unknown }),
      by: r.by,
      at: r.at,
    }));
  }

  addLink(link: TicketLink): void {
    this.db
      .prepare('INSERT OR IGNORE INTO ticket_links (ticket_id, other, kind, by, at) VALUES (?, ?, ?, ?, ?)')
      .run(link.ticketId, link.other, link.kind, link.by, link.at);
  }

  links(ticketId: string): TicketLink[] {
    const rows = this.db
      .prepare('SELECT * FROM ticket_links WHERE ticket_id = ? OR other = ? ORDER BY at, other')
      .all(ticketId, ticketId) as {
      ticket_id: string;
      other: string;
      kind: string;
      by: string;
      at: string;
    }[];
    return rows.map((r) => ({
      ticketId: r.ticket_id,
      other: r.other,
      kind: r.kind as TicketLinkKind,
      by: r.by,
      at: r.at,
    }));
  }

  private must(id: string): Ticket {
    const t = this.get(id);
    if (t === undefined) throw new WatchkeeperError('NOT_FOUND', `no ticket ${id}`);
    return t;
  }
}

function toTicket(r: TicketRow): Ticket {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    title: r.title,
    body: r.body,
    status: r.status as TicketStatus,
    priority: r.priority as TicketPriority,
    reporter: r.reporter,
    ...(r.service === null ? {} : { service: r.service }),
    ...(r.url === null ? {} : { url: r.url }),
    ...(r.incident_id === null ? {} : { incidentId: r.incident_id }),
    ...(r.resolution === null ? {} : { resolution: r.resolution }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
