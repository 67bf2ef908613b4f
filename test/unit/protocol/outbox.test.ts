import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../src/protocol/outbox.js';

/** The packets of a framed buffer: [sequence id, payload as text]. */
function packets(data: Buffer | null): [number, string][] {
  const out: [number, string][] = [];
  let at = 0;
  while (data && at < data.length) {
    const n = data.readUIntLE(at, 3);
    out.push([data[at + 3]!, data.subarray(at + 4, at + 4 + n).toString()]);
    at += 4 + n;
  }
  return out;
}

describe('Outbox: the packets a connection has queued (protocol/outbox.ts)', () => {
  it('frames payloads and blocks of packets in order, with consecutive sequence ids, in one buffer', () => {
    const box = new Outbox();
    let seq = box.push(Buffer.from('count'), 1);
    seq = box.pushPackets(3, (w, i) => void w.string(`col${i}`), seq);
    seq = box.push(Buffer.from('eof'), seq);
    expect(seq).toBe(6);
    expect(box.queuedPackets).toBe(5);
    expect(packets(box.take())).toEqual([[1, 'count'], [2, 'col0'], [3, 'col1'], [4, 'col2'], [5, 'eof']]);
    expect(box.take()).toBeNull();
  });

  it('wraps sequence ids at 256 inside a block', () => {
    const box = new Outbox();
    box.pushPackets(3, (w) => void w.u8(0x41), 254);
    expect(packets(box.take()).map(([s]) => s)).toEqual([254, 255, 0]);
  });

  it('rollback() takes back a reply queued after its mark, blocks included, and keeps what came before', () => {
    const box = new Outbox();
    box.push(Buffer.from('before'), 0);
    const mark = box.mark(1);
    const seq = box.pushPackets(2, (w, i) => void w.string(`c${i}`), 1);
    box.push(Buffer.from('row'), seq);
    expect(box.rollback(mark)).toBe(true);
    expect(box.queuedPackets).toBe(1);
    box.push(Buffer.from('error'), mark.sequenceId);
    expect(packets(box.take())).toEqual([[0, 'before'], [1, 'error']]);
  });

  it('rollback() after a take: what was queued since is dropped, and bytes already taken refuse it', () => {
    const box = new Outbox();
    box.push(Buffer.from('before'), 0);
    const mark = box.mark(1);
    expect(packets(box.take())).toEqual([[0, 'before']]);
    box.pushPackets(2, (w, i) => void w.string(`c${i}`), 1);
    expect(box.rollback(mark)).toBe(true);
    expect(box.take()).toBeNull();
    // Now something after the mark leaves: the reply can no longer be taken back.
    box.push(Buffer.from('half'), 1);
    box.take();
    expect(box.rollback(mark)).toBe(false);
  });
});
