import { type AddressInfo, createServer } from 'node:net';

/** A port nobody listens on, as the system hands them out (a fixed range may meet a client's ephemeral port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
