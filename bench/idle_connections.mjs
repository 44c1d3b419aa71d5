// Opens N TCP connections to HOST:PORT, sends one keep-alive request on each,
// and holds them open idle until killed. Used by api_benchmark.sh.
//   node idle_connections.mjs HOST PORT N
import { connect } from 'node:net';
const [host, port, n] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const sockets = [];
let opened = 0;
for (let i = 0; i < n; ++i) {
  const s = connect({ host, port }, () => {
    ++opened;
    s.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
  s.on('data', () => {});
  s.on('error', (e) => { console.error(`idle connection ${i}: ${e.message}`); });
  sockets.push(s);
}
setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => { for (const s of sockets) s.destroy(); process.exit(0); });
