/**
 * Packet framing: 3-byte length + 1-byte sequence id; payloads of 0xFFFFFF
 * bytes or more are split into 0xFFFFFF-byte packets followed by a shorter
 * (possibly empty) one.
 *
 * Memory: every large payload is a view of one 32 MiB zero buffer allocated
 * once and never written except for a few marker bytes (so its pages stay
 * unmapped), and a full GC runs after each test so that the 16/32 MiB
 * buffers the code under test creates do not pile up.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PACKET_CHUNK, PacketDecoder, PacketTooLargeError, encodePacket, type InboundPacket } from '../../../src/wire/framing.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const header = (len: number, seq: number): Buffer => Buffer.of(len & 0xff, (len >>> 8) & 0xff, (len >>> 16) & 0xff, seq);
const M = 0xffffff;

// A full GC between tests (and between runs of the large property) keeps peak memory low.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** 2×0xFFFFFF zero bytes; views of it serve as large payloads. */
const BIG = Buffer.alloc(2 * 0xffffff);
const marked: number[] = [];
/** A view of the first n bytes of BIG, with a few marker bytes set (cleared after the test). */
function big(n: number, marks: Record<number, number> = {}): Buffer {
  for (const [at, value] of Object.entries(marks)) {
    BIG[Number(at)] = value;
    marked.push(Number(at));
  }
  return BIG.subarray(0, n);
}
function clearMarks(): void {
  for (const at of marked) BIG[at] = 0;
  marked.length = 0;
}
afterEach(() => {
  clearMarks();
  gc();
});

/**
 * Feeds a stream given as segments (some of them large and untouched) to the
 * decoder, cut at the given offsets, without copying the large segments:
 * small neighbouring pieces are joined into one push, large ones go alone.
 */
function feedVirtual(d: PacketDecoder, segments: Buffer[], cuts: number[]): InboundPacket[] {
  const total = segments.reduce((n, b) => n + b.length, 0);
  const out: InboundPacket[] = [];
  let prev = 0;
  for (const cut of [...cuts, total]) {
    const pieces: Buffer[] = [];
    let base = 0;
    for (const seg of segments) {
      const from = Math.max(prev, base);
      const to = Math.min(cut, base + seg.length);
      if (from < to) pieces.push(seg.subarray(from - base, to - base));
      base += seg.length;
    }
    let small: Buffer[] = [];
    const flush = () => {
      if (small.length > 0) out.push(...d.push(Buffer.concat(small)));
      small = [];
    };
    for (const piece of pieces) {
      if (piece.length < 0x10000) small.push(piece);
      else {
        flush();
        out.push(...d.push(piece));
      }
    }
    flush();
    prev = cut;
  }
  return out;
}

/** The physical packets in an encoded stream, read by hand (length, sequence id, payload offset). */
function physical(bytes: Buffer): { len: number; seq: number; at: number }[] {
  const out: { len: number; seq: number; at: number }[] = [];
  let off = 0;
  while (off < bytes.length) {
    const len = bytes[off]! | (bytes[off + 1]! << 8) | (bytes[off + 2]! << 16);
    out.push({ len, seq: bytes[off + 3]!, at: off + 4 });
    off += 4 + len;
  }
  expect(off).toBe(bytes.length);
  return out;
}

describe('MAX_PACKET_CHUNK', () => {
  it('is 2^24-1', () => expect(MAX_PACKET_CHUNK).toBe(16777215));
});

describe('encodePacket', () => {
  it('an empty payload is a bare header', () => {
    const { bytes, nextSequenceId } = encodePacket(Buffer.alloc(0), 0);
    expect(bytes.toString('hex')).toBe('00000000');
    expect(nextSequenceId).toBe(1);
  });

  it('a 1-byte payload', () => {
    const { bytes, nextSequenceId } = encodePacket(hex('0e'), 5);
    expect(bytes.toString('hex')).toBe(hex('01 00 00 05 0e').toString('hex'));
    expect(nextSequenceId).toBe(6);
  });

  it('a 300-byte payload has a little-endian 3-byte length', () => {
    const payload = Buffer.alloc(300, 0x61);
    const { bytes } = encodePacket(payload, 2);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('2c010002');
    expect(bytes.subarray(4).equals(payload)).toBe(true);
  });

  it('sequence ids wrap at 255 and the start id is taken modulo 256', () => {
    expect(encodePacket(hex('00'), 255)).toEqual({ bytes: hex('01 00 00 ff 00'), nextSequenceId: 0 });
    expect(encodePacket(hex('00'), 256)).toEqual({ bytes: hex('01 00 00 00 00'), nextSequenceId: 1 });
    expect(encodePacket(hex('00'), 254).nextSequenceId).toBe(255);
  });

  it('0xFFFFFE bytes: still one packet', () => {
    const payload = big(M - 1, { [M - 2]: 0x7a });
    const { bytes, nextSequenceId } = encodePacket(payload, 3);
    expect(bytes.length).toBe(4 + M - 1);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('feffff03');
    expect(bytes[bytes.length - 1]).toBe(0x7a);
    expect(nextSequenceId).toBe(4);
  });

  it('0xFFFFFF bytes: a full packet followed by an empty one', () => {
    const payload = big(M, { 0: 0x11, [M - 1]: 0x22 });
    const { bytes, nextSequenceId } = encodePacket(payload, 0);
    expect(physical(bytes).map(({ len, seq }) => [len, seq])).toEqual([
      [M, 0],
      [0, 1],
    ]);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('ffffff00');
    expect(bytes[4]).toBe(0x11);
    expect(bytes[4 + M - 1]).toBe(0x22);
    expect(bytes.subarray(4 + M).toString('hex')).toBe('00000001');
    expect(nextSequenceId).toBe(2);
  });

  it('0xFFFFFF+1 bytes: a full packet then a 1-byte packet', () => {
    const payload = big(M + 1, { [M]: 0x33 });
    const { bytes, nextSequenceId } = encodePacket(payload, 7);
    expect(physical(bytes).map(({ len, seq }) => [len, seq])).toEqual([
      [M, 7],
      [1, 8],
    ]);
    expect(bytes.subarray(4 + M).toString('hex')).toBe('0100000833');
    expect(nextSequenceId).toBe(9);
  });

  it('2×0xFFFFFF bytes: two full packets and an empty one, sequence ids wrapping past 255', () => {
    const payload = big(2 * M, { 0: 0x41, [M - 1]: 0x41, [M]: 0x42, [2 * M - 1]: 0x42 });
    const { bytes, nextSequenceId } = encodePacket(payload, 254);
    const parts = physical(bytes);
    expect(parts.map(({ len, seq }) => [len, seq])).toEqual([
      [M, 254],
      [M, 255],
      [0, 0],
    ]);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('fffffffe');
    expect(bytes.subarray(4 + M, 8 + M).toString('hex')).toBe('ffffffff');
    expect(bytes.subarray(8 + 2 * M).toString('hex')).toBe('00000000');
    expect([bytes[4], bytes[3 + M], bytes[8 + M], bytes[7 + 2 * M]]).toEqual([0x41, 0x41, 0x42, 0x42]);
    expect(nextSequenceId).toBe(1);
  });
});

describe('PacketDecoder', () => {
  it('decodes empty and small packets and reports the sequence id', () => {
    const d = new PacketDecoder(1024);
    const out = d.push(hex('00 00 00 00  01 00 00 05 0e  03 00 00 ff 61 62 63'));
    expect(out.map((p) => [p.payload.toString('hex'), p.sequenceId])).toEqual([
      ['', 0],
      ['0e', 5],
      ['616263', 255],
    ]);
    expect(d.buffered).toBe(0);
  });

  it('an empty packet that ends exactly at the end of the received bytes (regression: crashed)', () => {
    const d = new PacketDecoder(16);
    expect(d.push(header(0, 4))).toEqual([{ payload: Buffer.alloc(0), sequenceId: 4, firstSequenceId: 4, inOrder: true }]);
    expect(d.push(Buffer.concat([header(1, 5), hex('0e'), header(0, 6)])).map((p) => p.sequenceId)).toEqual([5, 6]);
    expect(d.push(Buffer.alloc(0))).toEqual([]);
    expect(d.buffered).toBe(0);
  });

  it('waits for the rest of a header and of a body', () => {
    const d = new PacketDecoder(1024);
    expect(d.push(hex('03 00'))).toEqual([]);
    expect(d.buffered).toBe(2);
    expect(d.push(hex('00 09 61'))).toEqual([]);
    expect(d.buffered).toBe(5);
    const out = d.push(hex('62 63 01'));
    expect(out).toHaveLength(1);
    expect(out[0]!.payload.toString()).toBe('abc');
    expect(out[0]!.sequenceId).toBe(9);
    expect(d.buffered).toBe(1);
  });

  it('0xFFFFFE bytes arrive as one packet', () => {
    const body = big(M - 1, { [M - 2]: 0x7a });
    const d = new PacketDecoder(M);
    expect(d.push(header(M - 1, 0))).toEqual([]);
    const out = d.push(body);
    expect(out).toHaveLength(1);
    expect(out[0]!.payload.length).toBe(M - 1);
    expect(out[0]!.payload[M - 2]).toBe(0x7a);
  });

  it('joins 0xFFFFFF + empty packet into one payload of 0xFFFFFF bytes', () => {
    const chunk = big(M, { 0: 0x11, [M - 1]: 0x22 });
    const d = new PacketDecoder(M);
    expect(d.push(header(M, 0))).toEqual([]);
    expect(d.push(chunk)).toEqual([]); // a full chunk alone is not a packet yet
    expect(d.buffered).toBe(M);
    const out = d.push(Buffer.concat([header(0, 1), header(1, 2), hex('0e')]));
    expect(out.map((p) => [p.payload.length, p.sequenceId])).toEqual([
      [M, 1],
      [1, 2],
    ]);
    expect(out[0]!.payload[0]).toBe(0x11);
    expect(out[0]!.payload[M - 1]).toBe(0x22);
    expect(d.buffered).toBe(0);
  });

  it('joins 0xFFFFFF+1 bytes', () => {
    const chunk = big(M, { [M - 1]: 0x22 });
    const d = new PacketDecoder(M + 1);
    const out = feedVirtual(d, [header(M, 3), chunk, header(1, 4), hex('33')], []);
    expect(out).toHaveLength(1);
    expect(out[0]!.sequenceId).toBe(4);
    expect(out[0]!.payload.length).toBe(M + 1);
    expect([out[0]!.payload[M - 1], out[0]!.payload[M]]).toEqual([0x22, 0x33]);
  });

  it('joins 2×0xFFFFFF bytes across a sequence-id wrap, in order', () => {
    // Two distinct, mostly untouched chunks, so the join order is observable.
    const both = big(2 * M, { 0: 0x41, [M - 1]: 0x41, [M]: 0x42, [2 * M - 1]: 0x42 });
    const a = both.subarray(0, M);
    const b = both.subarray(M);
    const d = new PacketDecoder(2 * M);
    let out: InboundPacket[] = [];
    for (const part of [header(M, 255), a, header(M, 0), b, header(0, 1)]) out = out.concat(d.push(part));
    expect(out).toHaveLength(1);
    const p = out[0]!;
    expect(p.sequenceId).toBe(1);
    expect(p.payload.length).toBe(2 * M);
    expect([p.payload[0], p.payload[M - 1], p.payload[M], p.payload[2 * M - 1]]).toEqual([0x41, 0x41, 0x42, 0x42]);
    expect(p.payload[1]).toBe(0);
  });

  it('round trip: encodePacket output decodes back at the split boundaries', () => {
    // One function call per size, so each size's buffers are garbage before the next GC.
    const check = (n: number): void => {
      const payload = big(n, n > 0 ? { [n - 1]: 0x5a } : {});
      const { bytes, nextSequenceId } = encodePacket(payload, 250);
      const out = new PacketDecoder(M + 1).push(bytes);
      expect(out, `n=${n}`).toHaveLength(1);
      expect(out[0]!.payload.length).toBe(n);
      if (n > 0) expect(out[0]!.payload[n - 1]).toBe(0x5a);
      expect((out[0]!.sequenceId + 1) & 0xff).toBe(nextSequenceId);
      clearMarks();
    };
    for (const n of [0, 1, M - 1, M, M + 1]) {
      check(n);
      gc();
    }
  });

  describe('PacketTooLargeError past maxPayload', () => {
    it('accepts exactly maxPayload and rejects one byte more, as soon as the header arrives', () => {
      const d = new PacketDecoder(10);
      expect(d.push(Buffer.concat([header(10, 0), Buffer.alloc(10)]))[0]!.payload.length).toBe(10);
      const e = new PacketDecoder(10);
      let caught: unknown;
      try {
        e.push(header(11, 0)); // no body sent at all
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(PacketTooLargeError);
      expect((caught as PacketTooLargeError).size).toBe(11);
      expect((caught as Error).name).toBe('PacketTooLargeError');
    });

    it('maxPayload 0 still accepts empty packets', () => {
      const d = new PacketDecoder(0);
      expect(d.push(header(0, 0))).toHaveLength(1);
      expect(() => d.push(header(1, 1))).toThrow(PacketTooLargeError);
    });

    it('counts the parts of a split payload (the header after a 0xFFFFFF chunk is rejected)', () => {
      const chunk = big(M);
      const d = new PacketDecoder(M + 5);
      expect(d.push(header(M, 0))).toEqual([]);
      expect(d.push(chunk)).toEqual([]);
      expect(d.push(Buffer.concat([header(5, 1), Buffer.alloc(5)]))[0]!.payload.length).toBe(M + 5);
      d.push(header(M, 2));
      d.push(chunk);
      expect(() => d.push(header(6, 3))).toThrow(PacketTooLargeError);
    });

    it('a first chunk of 0xFFFFFF is too large for a small limit', () => {
      expect(() => new PacketDecoder(1024).push(header(M, 0))).toThrow(PacketTooLargeError);
    });
  });

  describe('property: any split of the byte stream yields the same packets', () => {
    const payloadArb = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));

    it('small packets, arbitrary cut points', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(payloadArb, fc.nat(255)), { minLength: 1, maxLength: 8 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (packets, cutSeeds) => {
            const stream = Buffer.concat(packets.map(([p, s]) => encodePacket(p, s).bytes));
            const cuts = [...new Set(cutSeeds.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
            const d = new PacketDecoder(1024);
            const out: InboundPacket[] = [];
            let prev = 0;
            for (const c of [...cuts, stream.length]) {
              out.push(...d.push(stream.subarray(prev, c)));
              prev = c;
            }
            expect(out.map((p) => [p.payload.toString('hex'), p.sequenceId])).toEqual(
              packets.map(([p, s]) => [p.toString('hex'), s]),
            );
            expect(d.buffered).toBe(0);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('byte-at-a-time feeding of a few packets', () => {
      const stream = Buffer.concat([encodePacket(hex('03 53 45 4c'), 0).bytes, encodePacket(Buffer.alloc(0), 1).bytes, encodePacket(hex('0e'), 2).bytes]);
      const d = new PacketDecoder(16);
      const out: InboundPacket[] = [];
      for (let i = 0; i < stream.length; i++) out.push(...d.push(stream.subarray(i, i + 1)));
      expect(out.map((p) => [p.payload.toString('hex'), p.sequenceId])).toEqual([
        ['0353454c', 0],
        ['', 1],
        ['0e', 2],
      ]);
    });

    it('a split payload (0xFFFFFF + 3 bytes) between two small packets, cut at random points', () => {
      const payload = big(M + 3, { 0: 0x61, [M - 1]: 0x62, [M + 2]: 0x63 });
      // Framed by hand, as segments, so the large body is never copied into a stream buffer.
      const segments = [header(1, 0), hex('01'), header(M, 1), payload.subarray(0, M), header(3, 2), payload.subarray(M), header(1, 3), hex('02')];
      const streamLength = segments.reduce((n, b) => n + b.length, 0);
      // Interesting cuts around the headers, plus random ones.
      const interesting = [0, 3, 5, 6, 8, 9, 10, 5 + 4 + M - 1, 5 + 4 + M, 5 + 4 + M + 2, 5 + 4 + M + 4, streamLength - 3];
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.oneof(fc.constantFrom(...interesting), fc.nat(streamLength)), { maxLength: 5 }),
          (cutList) => {
            const cuts = cutList.filter((c) => c <= streamLength).sort((x, y) => x - y);
            const out = feedVirtual(new PacketDecoder(M + 3), segments, cuts);
            expect(out.map((p) => [p.payload.length, p.sequenceId])).toEqual([
              [1, 0],
              [M + 3, 2],
              [1, 3],
            ]);
            const p = out[1]!.payload;
            expect([p[0], p[M - 1], p[M + 2]]).toEqual([0x61, 0x62, 0x63]);
            expect(out[2]!.payload[0]).toBe(0x02);
            gc();
          },
        ),
        { numRuns: 6 },
      );
    });
  });
});
