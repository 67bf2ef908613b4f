/**
 * A cursor over one packet payload. Every read checks bounds and throws
 * `TruncatedPacketError` instead of reading past the end, so a malformed
 * packet can never crash the connection or read stale memory.
 */
export class TruncatedPacketError extends Error {
  constructor(what: string) {
    super(`truncated packet while reading ${what}`);
    this.name = 'TruncatedPacketError';
  }
}

export class PacketReader {
  offset = 0;
  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.buf.length) throw new TruncatedPacketError(what);
  }

  u8(): number {
    this.need(1, 'int<1>');
    return this.buf[this.offset++]!;
  }

  u16(): number {
    this.need(2, 'int<2>');
    const v = this.buf.readUInt16LE(this.offset);
    this.offset += 2;
    return v;
  }

  u24(): number {
    this.need(3, 'int<3>');
    const v = this.buf.readUIntLE(this.offset, 3);
    this.offset += 3;
    return v;
  }

  u32(): number {
    this.need(4, 'int<4>');
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }

  u64(): bigint {
    this.need(8, 'int<8>');
    const v = this.buf.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }

  /** int<lenenc>. Returns null for the 0xFB NULL marker. Values past 2^53 come back as bigint. */
  lenencInt(): number | bigint | null {
    const first = this.u8();
    if (first < 0xfb) return first;
    if (first === 0xfb) return null;
    if (first === 0xfc) return this.u16();
    if (first === 0xfd) return this.u24();
    if (first === 0xfe) {
      const v = this.u64();
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new TruncatedPacketError('int<lenenc> (0xFF is not a length)');
  }

  /** A length that must fit in this packet: rejects NULL, bigints and impossible values. */
  lenencLength(): number {
    const n = this.lenencInt();
    if (typeof n !== 'number' || n > this.remaining) throw new TruncatedPacketError('length-encoded string');
    return n;
  }

  bytes(n: number): Buffer {
    this.need(n, `string[${n}]`);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  lenencBytes(): Buffer {
    return this.bytes(this.lenencLength());
  }

  lenencString(): string {
    return this.lenencBytes().toString('utf8');
  }

  /** string<NUL>. A missing terminator is an error. */
  nulBytes(): Buffer {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new TruncatedPacketError('string<NUL>');
    const v = this.buf.subarray(this.offset, end);
    this.offset = end + 1;
    return v;
  }

  nulString(): string {
    return this.nulBytes().toString('utf8');
  }

  /** string<NUL> that may also end at the end of the packet (lenient fields). */
  nulOrEofString(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) return this.restBytes().toString('utf8');
    return this.nulString();
  }

  /** string<NUL>, or the rest of the packet when there is no terminator. */
  nulBytesOrRest(): Buffer {
    return this.buf.indexOf(0, this.offset) < 0 ? this.restBytes() : this.nulBytes();
  }

  restBytes(): Buffer {
    const v = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return v;
  }

  skip(n: number): void {
    this.need(n, `filler[${n}]`);
    this.offset += n;
  }
}
