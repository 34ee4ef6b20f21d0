import pg from 'pg';
import { DATABASE_URL } from './database.js';

/** Every payload NOTIFYed on one channel, as seen by a connection of its own. */
export interface ChannelListener {
  /**
   * The payloads received so far, once every statement that committed before
   * this call has been delivered (a marker sent now arrives after them).
   */
  settle(): Promise<string[]>;
  close(): Promise<void>;
}

/** LISTENs on `channel` on a dedicated connection, to count the notifications a test caused. */
export async function listenToChannel(channel: string): Promise<ChannelListener> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const payloads: string[] = [];
  const markers = new Map<string, () => void>();
  client.on('notification', (message) => {
    if (message.channel !== channel) return;
    const payload = message.payload ?? '';
    const marker = markers.get(payload);
    if (marker) marker();
    else payloads.push(payload);
  });
  await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  let markerCount = 0;
  return {
    async settle() {
      const marker = `test-marker:${++markerCount}`;
      const arrived = new Promise<void>((resolve) => markers.set(marker, resolve));
      await client.query('SELECT pg_notify($1, $2)', [channel, marker]);
      await arrived;
      markers.delete(marker);
      return [...payloads];
    },
    close: () => client.end(),
  };
}
