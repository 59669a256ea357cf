import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  messageId: string;
  to: string[];
  raw?: string;
}

/**
 * A real SMTP server on loopback that records what it accepts, keyed by Message-ID, and can
 * misbehave on demand: refuse connections with 421, answer a recipient 451 (try later) or
 * 550 (no such mailbox: any address @bounce.test), or drop the connection in the middle of a
 * message's DATA. Used by the outage and race tests and by the B5 benchmark.
 */
export class SmtpSink {
  readonly received: Received[] = [];
  /** 'refuse': every new connection gets "421 service not available" and is closed. */
  mode: 'accept' | 'refuse' = 'accept';
  /** How many upcoming messages have their connection dropped mid-DATA. */
  dropsLeft = 0;
  /** How many upcoming RCPT commands are answered 451. */
  tempFailsLeft = 0;
  /** Milliseconds before each message is accepted (a slow server, so a batch is still sending when the app stops). */
  delayMs = 0;
  refusedConnections = 0;
  droppedMessages = 0;
  rejectedPermanently = 0;
  private constructor(
    private readonly server: SMTPServer,
    readonly keepRaw: boolean,
  ) {}

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(options: { keepRaw?: boolean } = {}): Promise<SmtpSink> {
    let sink!: SmtpSink;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onConnect(_session, callback) {
        if (sink.mode === 'refuse') {
          sink.refusedConnections++;
          return callback(Object.assign(new Error('4.3.2 Service not available, try again later'), { responseCode: 421 }));
        }
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (/@bounce\.test$/i.test(address.address)) {
          sink.rejectedPermanently++;
          return callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
        }
        if (sink.tempFailsLeft > 0) {
          sink.tempFailsLeft--;
          return callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData(stream, session, callback) {
        if (sink.dropsLeft > 0) {
          sink.dropsLeft--;
          sink.droppedMessages++;
          stream.once('data', () => {
            for (const connection of server.connections) {
              if ((connection as unknown as { id: string }).id === session.id) (connection as unknown as { _socket: { destroy(): void } })._socket.destroy();
            }
          });
          stream.resume();
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.slice(0, raw.indexOf('\r\n\r\n') >>> 0);
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
          const accept = () => {
            sink.received.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address), ...(sink.keepRaw ? { raw } : {}) });
            callback(null, `2.0.0 Ok: queued as ${sink.received.length}`);
          };
          if (sink.delayMs > 0) setTimeout(accept, sink.delayMs);
          else accept();
        });
      },
    });
    sink = new SmtpSink(server, options.keepRaw ?? true);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** How many times each Message-ID arrived. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) counts.set(r.messageId, (counts.get(r.messageId) ?? 0) + 1);
    return counts;
  }

  duplicates(): number {
    return [...this.counts().values()].reduce((sum, n) => sum + (n > 1 ? n - 1 : 0), 0);
  }

  find(messageId: string): Received | undefined {
    return this.received.find((r) => r.messageId === messageId);
  }

  reset(): void {
    this.received.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
