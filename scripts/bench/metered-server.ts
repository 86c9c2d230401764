/** A local HTTP server as the benchmark sees it: where it is, and how many bytes it has sent. */
import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:http';

export interface MeteredServer {
  url(path: string): string;
  /**
   * Bytes written to the server's sockets so far: status lines, headers and bodies exactly as sent
   * (compressed or not). Counted at the server because Pyodide's files are fetched by a Web Worker,
   * whose responses the page's DevTools session does not report.
   */
  bytesSent(): number;
  close(): Promise<void>;
}

export function metered(server: Server): MeteredServer {
  const open = new Set<Socket>();
  let closedBytes = 0;
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => {
      closedBytes += socket.bytesWritten;
      open.delete(socket);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    bytesSent: () => [...open].reduce((sum, socket) => sum + socket.bytesWritten, closedBytes),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
