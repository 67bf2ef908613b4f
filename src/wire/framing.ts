/**
 * Packet framing: every packet is a 3-byte little-endian payload length, a
 * 1-byte sequence id, then the payload. A payload of 0xFFFFFF bytes or more
 * is split into 0xFFFFFF-byte packets followed by a shorter one (possibly
 * empty), each with the next sequence id; the reader joins them back.
 */
export const MAX_PACKET_CHUNK = 0xffffff;

export class PacketTooLargeError extends Error {
  /**
   * `size`: the logical packet's bytes with the header that passed the
   * limit; `sequenceId`: that header's sequence id (MySQL's and MariaDB's
   * net layer have counted it, so their 1153 carries sequenceId + 1: a
   * 65 MiB statement in five physical packets, 0 to 4, gets its error as
   * packet 5, checked on a real MariaDB 10.11).
   */
  constructor(
    readonly size: number,
    readonly sequenceId = 0,
  ) {
    super(`packet of ${size} bytes exceeds max_allowed_packet`);
    this.name = 'PacketTooLargeError';
  }
}

export interface InboundPacket {
  /** The logical payload (joined if it was split). */
  payload: Buffer;
  /** Sequence id of the last physical packet. */
  sequenceId: number;
  /** Sequence id of the first physical packet (the one a receiver checks against the expected id). */
  firstSequenceId: number;
  /** Whether the physical packets of a split payload carried consecutive sequence ids. */
  inOrder: boolean;
}

/** Turns a byte stream into logical packets. */
export class PacketDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Pieces of the payload being assembled (the received chunks' own memory, not copies). */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private partsFirstSeq = 0;
  private partsLastSeq = 0;
  private partsInOrder = true;

  constructor(public maxPayload: number) {}

  /** Feed bytes; returns every logical packet now complete. Throws PacketTooLargeError. */
  push(chunk: Buffer): InboundPacket[] {
    // The usual case, a chunk that is exactly one whole packet with nothing before it: a view of it.
    if (this.pendingBytes === 0 && this.parts.length === 0 && chunk.length >= 4) {
      const len = chunk[0]! | (chunk[1]! << 8) | (chunk[2]! << 16);
      if (chunk.length === 4 + len && len < MAX_PACKET_CHUNK && len <= this.maxPayload) {
        const seq = chunk[3]!;
        return [{ payload: chunk.subarray(4), sequenceId: seq, firstSequenceId: seq, inOrder: true }];
      }
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: InboundPacket[] = [];
    for (;;) {
      if (this.pendingBytes < 4) break;
      const head = this.peek(4);
      const len = head.readUIntLE(0, 3);
      const seq = head[3]!;
      if (this.partsBytes + len > this.maxPayload) throw new PacketTooLargeError(this.partsBytes + len, seq);
      if (this.pendingBytes < 4 + len) break;
      this.consume(4);
      const continuing = this.partsBytes > 0 || this.parts.length > 0;
      if (continuing && seq !== ((this.partsLastSeq + 1) & 0xff)) this.partsInOrder = false;
      if (!continuing) {
        this.partsFirstSeq = seq;
        this.partsInOrder = true;
      }
      this.partsLastSeq = seq;
      // The body's pieces join the payload's; one copy when the payload is complete.
      this.take(len, this.parts);
      this.partsBytes += len;
      if (len === MAX_PACKET_CHUNK) continue;
      const payload = this.parts.length === 1 ? this.parts[0]! : this.parts.length === 0 ? Buffer.alloc(0) : Buffer.concat(this.parts, this.partsBytes);
      this.parts.length = 0;
      this.partsBytes = 0;
      out.push({ payload, sequenceId: seq, firstSequenceId: this.partsFirstSeq, inOrder: this.partsInOrder });
    }
    return out;
  }

  /** Hands back every byte not yet framed and forgets it (the start of a TLS handshake after an SSLRequest). */
  drain(): Buffer {
    const rest = Buffer.concat([...this.parts, ...this.pending]);
    this.parts = [];
    this.partsBytes = 0;
    this.pending = [];
    this.pendingBytes = 0;
    return rest;
  }

  /** Bytes received but not yet part of a complete packet. */
  get buffered(): number {
    return this.pendingBytes + this.partsBytes;
  }

  /** The first n bytes received (n is 4: a header), copying only those when they span chunks. */
  private peek(n: number): Buffer {
    const first = this.pending[0]!;
    if (first.length >= n) return first.subarray(0, n);
    const out = Buffer.alloc(n);
    let at = 0;
    for (const chunk of this.pending) {
      at += chunk.copy(out, at, 0, Math.min(chunk.length, n - at));
      if (at === n) break;
    }
    return out;
  }

  /** Drops the next n bytes received. */
  private consume(n: number): void {
    this.take(n, null);
  }

  /**
   * Moves the next n bytes received into `into` as views of the received
   * chunks (no copy; a chunk that holds more is split), or drops them.
   */
  private take(n: number, into: Buffer[] | null): void {
    this.pendingBytes -= n;
    while (n > 0) {
      const first = this.pending[0]!;
      if (first.length <= n) {
        into?.push(first);
        this.pending.shift();
        n -= first.length;
      } else {
        into?.push(first.subarray(0, n));
        this.pending[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}

/**
 * Frames one logical payload as one or more packets starting at `sequenceId`.
 * Returns the bytes and the next sequence id to use.
 */
export function encodePacket(payload: Buffer, sequenceId: number): { bytes: Buffer; nextSequenceId: number } {
  let seq = sequenceId & 0xff;
  if (payload.length < MAX_PACKET_CHUNK) {
    const bytes = Buffer.allocUnsafe(4 + payload.length);
    bytes.writeUIntLE(payload.length, 0, 3);
    bytes[3] = seq;
    payload.copy(bytes, 4);
    return { bytes, nextSequenceId: (seq + 1) & 0xff };
  }
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const len = Math.min(MAX_PACKET_CHUNK, payload.length - offset);
    const head = Buffer.allocUnsafe(4);
    head.writeUIntLE(len, 0, 3);
    head[3] = seq;
    seq = (seq + 1) & 0xff;
    chunks.push(head, payload.subarray(offset, offset + len));
    offset += len;
    if (len < MAX_PACKET_CHUNK) break;
  }
  return { bytes: Buffer.concat(chunks), nextSequenceId: seq };
}
