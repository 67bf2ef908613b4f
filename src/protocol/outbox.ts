/**
 * The packets a connection has queued and not yet written. Payloads are
 * framed (the 4-byte header of MySQL's packet: 3 bytes of length, the
 * sequence id) when the queue is taken, into the one buffer of a socket
 * write; a block of many small packets (a result's column definitions) is
 * framed in place as it is built, one allocation for all of them. A mark
 * taken before a reply lets a reply that failed half-way be taken back, so
 * the client gets one whole answer, never a torn one.
 */
import { encodePacket, MAX_PACKET_CHUNK } from '../wire/framing.js';
import { PacketWriter } from '../wire/writer.js';

/** Outbox.mark(): the packets and entries queued, and the sequence id, at a point of a reply. */
export interface ReplyMark {
  queued: number;
  sequenceId: number;
  entries: number;
  takes: number;
}

export class Outbox {
  /** Payloads, or blocks already framed. */
  private readonly entries: Buffer[] = [];
  /** Each entry's sequence id; -1 for a block framed already. */
  private readonly sequenceIds: number[] = [];
  /** Packets queued since the connection began, and how many of them have been taken. */
  private queued = 0;
  private taken = 0;
  /** How many times the queue was taken (a mark's entries are gone once it was). */
  private takes = 0;

  /** Packets queued since the connection began (a count: the first packet of a reply is at mark().queued). */
  get queuedPackets(): number {
    return this.queued;
  }

  /** Queues one logical packet under `sequenceId`; returns the next sequence id (a payload of 16 MiB or more is split, MAX_PACKET_CHUNK). */
  push(payload: Buffer, sequenceId: number): number {
    this.queued++;
    if (payload.length < MAX_PACKET_CHUNK) {
      this.entries.push(payload);
      this.sequenceIds.push(sequenceId);
      return (sequenceId + 1) & 0xff;
    }
    const { bytes, nextSequenceId } = encodePacket(payload, sequenceId);
    this.entries.push(bytes);
    this.sequenceIds.push(-1);
    return nextSequenceId;
  }

  /**
   * Queues `count` packets from `sequenceId` on, whose payloads
   * `writeOne(w, i)` appends to one buffer, each framed in place; returns
   * the next sequence id. Each payload must stay under 16 MiB (column
   * definitions are a few hundred bytes).
   */
  pushPackets(count: number, writeOne: (w: PacketWriter, i: number) => void, sequenceId: number): number {
    if (count === 0) return sequenceId;
    const w = new PacketWriter(Math.min(count * 64, 1 << 20));
    let seq = sequenceId;
    for (let i = 0; i < count; i++) {
      const header = w.length;
      w.zeros(4);
      writeOne(w, i);
      const n = w.length - header - 4;
      if (n >= MAX_PACKET_CHUNK) throw new Error(`packet ${i} of ${count} is ${n} bytes: pushPackets() takes packets under 16 MiB`);
      w.u24At(n, header);
      w.u8At(seq, header + 3);
      seq = (seq + 1) & 0xff;
    }
    this.entries.push(w.toBuffer());
    this.sequenceIds.push(-1);
    this.queued += count;
    return seq;
  }

  /** Where the reply being built starts (with the sequence id there): what rollback() returns to. */
  mark(sequenceId: number): ReplyMark {
    return { queued: this.queued, sequenceId, entries: this.entries.length, takes: this.takes };
  }

  /**
   * Drops what was queued since `mark`. Bytes already taken for the socket
   * cannot be taken back: false then, and nothing is dropped.
   */
  rollback(mark: ReplyMark): boolean {
    if (this.taken > mark.queued) return false;
    // Back to the entries at the mark, or none if the queue was taken since (all of it came after the mark).
    this.entries.length = this.takes === mark.takes ? mark.entries : 0;
    this.sequenceIds.length = this.entries.length;
    this.queued = mark.queued;
    return true;
  }

  /** Everything queued, framed into one buffer, and the queue emptied; null when nothing is queued. */
  take(): Buffer | null {
    const count = this.entries.length;
    if (count === 0) return null;
    let total = 0;
    for (let i = 0; i < count; i++) total += this.entries[i]!.length + (this.sequenceIds[i]! >= 0 ? 4 : 0);
    const data = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const payload = this.entries[i]!;
      const seq = this.sequenceIds[i]!;
      if (seq >= 0) {
        const n = payload.length;
        data[at] = n & 0xff;
        data[at + 1] = (n >>> 8) & 0xff;
        data[at + 2] = n >>> 16;
        data[at + 3] = seq;
        at += 4;
      }
      data.set(payload, at);
      at += payload.length;
    }
    this.entries.length = 0;
    this.sequenceIds.length = 0;
    this.takes++;
    this.taken = this.queued;
    return data;
  }
}
