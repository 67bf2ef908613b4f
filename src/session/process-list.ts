import { SlotList } from '../slot-list.js';
import type { Session } from './session.js';

/**
 * The server's open sessions (the process list): SHOW PROCESSLIST,
 * Threads_connected, KILL by connection id. A SlotList, not a Map by id:
 * see slot-list.ts for what a Map of sessions kept alive.
 */
export class ProcessList extends SlotList<Session> {
  /** The session of connection `id` (KILL, IS_USED_LOCK(), CONNECTION_ID() checks): a scan, as these are rare. */
  get(id: number): Session | undefined {
    return this.find((s) => s.id === id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
}
