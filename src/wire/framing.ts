/**
 * Packet framing: every packet is a 3-byte little-endian payload length, a
 * 1-byte sequence id, then the payload. A payload of 0xFFFFFF bytes or more
 * is split into 0xFFFFFF-byte packets followed by a shorter one (possibly
 * empty), each with the next sequence id; the reader joins them back.
 */
export const MAX_PACKET_CHUNK = 0xffffff;

export class PacketTooLargeError extends Error {
  constructor(readonly size: number) {
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
  /** Parts of a split payload that are complete so far. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private partsFirstSeq = 0;
  private partsLastSeq = 0;
  private partsInOrder = true;

  constructor(public maxPayload: number) {}

  /** Feed bytes; returns every logical packet now complete. Throws PacketTooLargeError. */
  push(chunk: Buffer): InboundPacket[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: InboundPacket[] = [];
    for (;;) {
      if (this.pendingBytes < 4) break;
      const head = this.peek(4);
      const len = head.readUIntLE(0, 3);
      const seq = head[3]!;
      if (this.partsBytes + len > this.maxPayload) throw new PacketTooLargeError(this.partsBytes + len);
      if (this.pendingBytes < 4 + len) break;
      this.consume(4);
      const body = this.consume(len);
      const continuing = this.parts.length > 0;
      if (continuing && seq !== ((this.partsLastSeq + 1) & 0xff)) this.partsInOrder = false;
      if (!continuing) {
        this.partsFirstSeq = seq;
        this.partsInOrder = true;
      }
      this.partsLastSeq = seq;
      if (len === MAX_PACKET_CHUNK) {
        this.parts.push(body);
        this.partsBytes += len;
        continue;
      }
      let payload = body;
      if (continuing) {
        this.parts.push(body);
        payload = Buffer.concat(this.parts, this.partsBytes + len);
        this.parts = [];
        this.partsBytes = 0;
      }
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

  private peek(n: number): Buffer {
    const first = this.pending[0]!;
    if (first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.pending, this.pendingBytes).subarray(0, n);
  }

  private consume(n: number): Buffer {
    // An empty payload can end exactly at the end of what was received: pending is empty then.
    if (n === 0) return Buffer.alloc(0);
    const first = this.pending[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
      this.pendingBytes -= n;
      return out;
    }
    const all = Buffer.concat(this.pending, this.pendingBytes);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return out;
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
