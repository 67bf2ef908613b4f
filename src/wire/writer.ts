/** Strings up to this many characters are copied by hand when ASCII (Buffer.write is a native call per string). */
const SHORT_STRING = 64;

/** A growable buffer for building one packet payload. */
export class PacketWriter {
  private buf: Buffer;
  length = 0;

  constructor(initialSize = 64) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16LE(v & 0xffff, this.length);
    this.length += 2;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.buf.writeUIntLE(v, this.length, 3);
    this.length += 3;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.length);
    this.length += 4;
    return this;
  }

  u64(v: bigint | number): this {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)), this.length);
    this.length += 8;
    return this;
  }

  /** int<lenenc>: 1 byte below 251, else 0xFC+2, 0xFD+3 or 0xFE+8 bytes. */
  lenencInt(v: number | bigint): this {
    if (typeof v === 'bigint' || v >= 0x1000000) return this.u8(0xfe).u64(v);
    if (v < 0xfb) return this.u8(v);
    if (v < 0x10000) return this.u8(0xfc).u16(v);
    return this.u8(0xfd).u24(v);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  string(s: string): this {
    if (s.length <= SHORT_STRING && this.asciiAt(s, this.length)) {
      this.length += s.length;
      return this;
    }
    const n = Buffer.byteLength(s);
    this.ensure(n);
    this.buf.write(s, this.length, 'utf8');
    this.length += n;
    return this;
  }

  nulString(s: string): this {
    return this.string(s).u8(0);
  }

  lenencBytes(b: Uint8Array): this {
    return this.lenencInt(b.length).bytes(b);
  }

  lenencString(s: string): this {
    // A short ASCII string (names, most values): its length byte and bytes in one pass, without the native calls.
    if (s.length <= SHORT_STRING && this.asciiAt(s, this.length + 1)) {
      this.buf[this.length] = s.length;
      this.length += s.length + 1;
      return this;
    }
    return this.lenencInt(Buffer.byteLength(s)).string(s);
  }

  /** Copies `s` to `at` if it is all ASCII (false, and nothing counted, otherwise); s.length <= SHORT_STRING. */
  private asciiAt(s: string, at: number): boolean {
    const n = s.length;
    this.ensure(at - this.length + n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[at + i] = c;
    }
    return true;
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this;
  }

  /** Writes `v` as 3 bytes little-endian at `at` (below the current length: a packet header filled in after its payload). */
  u24At(v: number, at: number): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
    this.buf[at + 2] = (v >>> 16) & 0xff;
  }

  /** Writes one byte at `at` (below the current length). */
  u8At(v: number, at: number): void {
    this.buf[at] = v & 0xff;
  }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
