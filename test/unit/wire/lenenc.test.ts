/**
 * Length-encoded integers and strings (int<lenenc>, string<lenenc>):
 * golden bytes at every boundary, writer→reader round trips, the 0xFB NULL
 * marker, and lengths that do not fit in the packet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketReader, TruncatedPacketError } from '../../../src/wire/reader.js';
import { PacketWriter } from '../../../src/wire/writer.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const write = (v: number | bigint): Buffer => new PacketWriter(1).lenencInt(v).toBuffer();
const read = (b: Buffer): number | bigint | null => new PacketReader(b).lenencInt();
/** Size of int<lenenc> by the protocol documentation. */
const expectedSize = (v: bigint): number => (v < 251n ? 1 : v < 0x10000n ? 3 : v < 0x1000000n ? 4 : 9);

describe('int<lenenc> golden bytes (writer) at the boundaries', () => {
  const cases: [number | bigint, string][] = [
    [0, '00'],
    [1, '01'],
    [250, 'fa'],
    [251, 'fc fb 00'],
    [252, 'fc fc 00'],
    [0xffff, 'fc ff ff'],
    [0x10000, 'fd 00 00 01'],
    [0xffffff, 'fd ff ff ff'],
    [0x1000000, 'fe 00 00 00 01 00 00 00 00'],
    [0xffffffff, 'fe ff ff ff ff 00 00 00 00'],
    [2 ** 32, 'fe 00 00 00 00 01 00 00 00'],
    [Number.MAX_SAFE_INTEGER, 'fe ff ff ff ff ff ff 1f 00'],
    [2 ** 53, 'fe 00 00 00 00 00 00 20 00'],
    [2n ** 53n + 1n, 'fe 01 00 00 00 00 00 20 00'],
    [2n ** 63n, 'fe 00 00 00 00 00 00 00 80'],
    [2n ** 64n - 1n, 'fe ff ff ff ff ff ff ff ff'],
  ];
  it.each(cases)('%s', (v, bytes) => {
    expect(write(v).toString('hex')).toBe(hex(bytes).toString('hex'));
  });
});

describe('int<lenenc> reader', () => {
  it('reads each form, numbers up to 2^53-1 and bigints above', () => {
    expect(read(hex('00'))).toBe(0);
    expect(read(hex('fa'))).toBe(250);
    expect(read(hex('fc fb 00'))).toBe(251);
    expect(read(hex('fc ff ff'))).toBe(0xffff);
    expect(read(hex('fd 00 00 01'))).toBe(0x10000);
    expect(read(hex('fd ff ff ff'))).toBe(0xffffff);
    expect(read(hex('fe 00 00 00 01 00 00 00 00'))).toBe(0x1000000);
    expect(read(hex('fe ff ff ff ff ff ff 1f 00'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(read(hex('fe 00 00 00 00 00 00 20 00'))).toBe(2n ** 53n);
    expect(read(hex('fe ff ff ff ff ff ff ff ff'))).toBe(2n ** 64n - 1n);
  });

  it('accepts non-minimal encodings (as MySQL does)', () => {
    expect(read(hex('fc 01 00'))).toBe(1);
    expect(read(hex('fd 00 01 00'))).toBe(256);
    expect(read(hex('fe 05 00 00 00 00 00 00 00'))).toBe(5);
  });

  it('0xFB is the NULL marker; a length can never be NULL', () => {
    expect(read(hex('fb'))).toBeNull();
    const r = new PacketReader(hex('fb 01 02'));
    expect(r.lenencInt()).toBeNull();
    expect(r.offset).toBe(1);
    expect(() => new PacketReader(hex('fb 01 02')).lenencLength()).toThrow(TruncatedPacketError);
    expect(() => new PacketReader(hex('fb')).lenencString()).toThrow(TruncatedPacketError);
  });

  it('0xFF is not a length', () => {
    expect(() => read(hex('ff 00 00'))).toThrow(TruncatedPacketError);
  });

  it('throws TruncatedPacketError when the integer is cut short', () => {
    for (const b of ['', 'fc', 'fc 01', 'fd 01 02', 'fe 01 02 03 04 05 06 07']) {
      expect(() => read(hex(b)), b).toThrow(TruncatedPacketError);
    }
  });
});

describe('string<lenenc> bounds', () => {
  it('reads a string that exactly fills the packet and advances the offset', () => {
    const r = new PacketReader(hex('03 61 62 63 02 68 69'));
    expect(r.lenencString()).toBe('abc');
    expect(r.offset).toBe(4);
    expect(r.lenencString()).toBe('hi');
    expect(r.remaining).toBe(0);
    expect(new PacketReader(hex('00')).lenencBytes().length).toBe(0);
  });

  it('rejects a length larger than the rest of the packet, for every form', () => {
    for (const b of ['04 61 62 63', 'fc fb 00 00', 'fd 00 00 01 00', 'fe 00 00 00 01 00 00 00 00 00', 'fe ff ff ff ff ff ff ff ff']) {
      const r = new PacketReader(hex(b));
      expect(() => r.lenencBytes(), b).toThrow(TruncatedPacketError);
    }
  });

  it('lenencLength rejects bigint lengths (past 2^53) even before comparing with the packet', () => {
    expect(() => new PacketReader(hex('fe 00 00 00 00 00 00 20 00')).lenencLength()).toThrow(TruncatedPacketError);
  });

  it('property: a declared length beyond the available bytes always throws TruncatedPacketError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffff }), fc.nat(300), (declared, availableSeed) => {
        const available = availableSeed % declared; // strictly fewer bytes than declared
        const packet = Buffer.concat([new PacketWriter().lenencInt(declared).toBuffer(), Buffer.alloc(available, 0x61)]);
        const r = new PacketReader(packet);
        expect(() => r.lenencBytes()).toThrow(TruncatedPacketError);
      }),
      { numRuns: 500 },
    );
  });
});

describe('round trips writer → reader', () => {
  /** Values concentrated around every boundary of the encoding. */
  const boundary = fc
    .constantFrom(0, 250, 251, 0xffff, 0x10000, 0xffffff, 0x1000000, 2 ** 32, 2 ** 53 - 1)
    .chain((b) => fc.integer({ min: -3, max: 3 }).map((d) => Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, b + d))));

  it('property: numbers 0..2^53-1 come back equal and use the documented size', () => {
    fc.assert(
      fc.property(fc.oneof(boundary, fc.nat(), fc.maxSafeNat()), (v) => {
        const bytes = write(v);
        expect(bytes.length).toBe(expectedSize(BigInt(v)));
        const r = new PacketReader(bytes);
        expect(r.lenencInt()).toBe(v);
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: bigints 0..2^64-1 come back equal (as a number when safe, else as a bigint)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const back = read(write(v));
        if (v <= BigInt(Number.MAX_SAFE_INTEGER)) expect(back).toBe(Number(v));
        else expect(back).toBe(v);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a number at 2^53 comes back as the bigint 2^53', () => {
    expect(read(write(2 ** 53))).toBe(9007199254740992n);
  });

  it('property: sequences of lenenc strings and NULL markers round trip', () => {
    const item = fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 250, maxLength: 300 })), { nil: null });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const w = new PacketWriter(4);
        for (const s of items) {
          if (s === null) w.u8(0xfb);
          else w.lenencString(s);
        }
        const r = new PacketReader(w.toBuffer());
        const back = items.map(() => {
          const first = r.buf[r.offset];
          if (first === 0xfb) {
            expect(r.lenencInt()).toBeNull();
            return null;
          }
          return r.lenencString();
        });
        expect(back).toEqual(items);
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('string<lenenc> of 251 and 65536 bytes uses the 0xFC and 0xFD forms', () => {
    const a = new PacketWriter().lenencBytes(Buffer.alloc(251, 1)).toBuffer();
    expect(a.subarray(0, 3).toString('hex')).toBe('fcfb00');
    expect(a.length).toBe(254);
    const b = new PacketWriter().lenencBytes(Buffer.alloc(0x10000, 2)).toBuffer();
    expect(b.subarray(0, 4).toString('hex')).toBe('fd000001');
    expect(new PacketReader(b).lenencBytes().equals(Buffer.alloc(0x10000, 2))).toBe(true);
  });
});

describe('fixed-width integers', () => {
  it('writes and reads little-endian', () => {
    const b = new PacketWriter(1).u8(0x1ff).u16(0x10203).u24(0x040506).u32(-1).u64(-1n).toBuffer();
    expect(b.toString('hex')).toBe(hex('ff 03 02 06 05 04 ff ff ff ff ff ff ff ff ff ff ff ff').toString('hex'));
    const r = new PacketReader(b);
    expect([r.u8(), r.u16(), r.u24(), r.u32(), r.u64()]).toEqual([0xff, 0x0203, 0x040506, 0xffffffff, 2n ** 64n - 1n]);
    expect(() => r.u8()).toThrow(TruncatedPacketError);
  });
});
