import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * A Socket Mode server on node:http's `upgrade` (RFC 6455 by hand: handshake, masked client frames,
 * text, ping/pong, close). It greets with `hello`, sends envelopes and resolves each with the client's
 * ack (`{envelope_id, payload?}`).
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 */
export class FakeSocketMode {
  private readonly sockets = new Set<Socket>();
  private readonly acks = new Map<string, (ack: any) => void>();
  private readonly waiting: (() => void)[] = [];
  /** Every text frame the client sent, parsed. */
  readonly received: any[] = [];

  upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || !(req.url ?? '').startsWith('/link/')) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let buffer = head.length > 0 ? Buffer.from(head) : Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (frame === undefined) break;
        buffer = buffer.subarray(frame.length);
        this.onFrame(socket, frame.opcode, frame.payload);
      }
    });
    this.sendTo(socket, {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'fake', approximate_connection_time: 3600 },
      connection_info: { app_id: 'A123456' },
    });
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Resolves once a client is connected. */
  connected(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends an envelope (`type`, `payload`) and resolves with the client's ack. */
  send(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<any> {
    const envelope_id = randomUUID();
    const acked = new Promise<any>((resolve) => this.acks.set(envelope_id, resolve));
    const socket = [...this.sockets][0];
    if (socket === undefined) return Promise.reject(new Error('no Socket Mode client connected'));
    this.sendTo(socket, {
      envelope_id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...extra,
    });
    return acked;
  }

  closeAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private onFrame(socket: Socket, opcode: number, payload: Buffer): void {
    if (opcode === 0x9) socket.write(frame(0xa, payload));
    else if (opcode === 0x8) {
      socket.write(frame(0x8, payload.subarray(0, 2)));
      socket.end();
    } else if (opcode === 0x1) {
      const msg = JSON.parse(payload.toString('utf8'));
      this.received.push(msg);
      const resolve = typeof msg.envelope_id === 'string' ? this.acks.get(msg.envelope_id) : undefined;
      if (resolve !== undefined) {
        this.acks.delete(msg.envelope_id);
        resolve(msg);
      }
    }
  }

  private sendTo(socket: Socket, message: unknown): void {
    socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }
}

/** A server frame (FIN set, unmasked). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** Parses one client frame (masked) from the start of `buf`, or undefined if incomplete. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = (buf[0] as number) & 0x0f;
  const masked = ((buf[1] as number) & 0x80) !== 0;
  let len = (buf[1] as number) & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return undefined;
  const mask = buf.subarray(offset, offset + maskLen);
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (masked)
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return { opcode, payload, length: offset + maskLen + len };
}
