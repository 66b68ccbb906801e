// Preload (`node --import ./dns-alias.mjs ...`): resolves the emulated blob host (a *.blob.core.windows.net
// name, so @actions/cache takes its production Azure SDK download path) to 127.0.0.1, refuses every other
// name under blob.core.windows.net, and proves before the program starts that the alias reaches loopback,
// so nothing can ever reach the real Azure.
import dns from "node:dns";
import net from "node:net";
import { syncBuiltinESMExports } from "node:module";

const ALIAS = (
  process.env.ACTIONS_EMULATION_BLOB_HOST || "devstoreaccount1.blob.core.windows.net"
).toLowerCase();
const AZURE = /(^|\.)blob\.core\.windows\.net\.?$/i;
if (!AZURE.test(ALIAS)) throw new Error(`dns-alias: ${ALIAS} is not a *.blob.core.windows.net name`);

const original = dns.lookup;

function refused(host) {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (dns-alias: only ${ALIAS} resolves)`), {
    code: "ENOTFOUND",
    errno: -3008,
    syscall: "getaddrinfo",
    hostname: host,
  });
}

function lookup(host, options, callback) {
  if (typeof options === "function") [callback, options] = [options, {}];
  const name = String(host).toLowerCase().replace(/\.$/, "");
  if (name === ALIAS) {
    const all = typeof options === "object" && options !== null && options.all;
    if (all) process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
    else process.nextTick(callback, null, "127.0.0.1", 4);
    return {};
  }
  if (AZURE.test(name)) {
    process.nextTick(callback, refused(host));
    return {};
  }
  return original.call(dns, host, options, callback);
}

dns.lookup = lookup;
const originalPromise = dns.promises.lookup;
dns.promises.lookup = (host, options = {}) => {
  const name = String(host).toLowerCase().replace(/\.$/, "");
  if (name === ALIAS)
    return Promise.resolve(
      options.all ? [{ address: "127.0.0.1", family: 4 }] : { address: "127.0.0.1", family: 4 },
    );
  if (AZURE.test(name)) return Promise.reject(refused(host));
  return originalPromise.call(dns.promises, host, options);
};
syncBuiltinESMExports();

// The proof: a connection by name lands on a loopback socket of ours.
await new Promise((resolve, reject) => {
  const server = net.createServer((socket) => socket.end());
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    const socket = net.connect({ host: ALIAS, port }, () => {
      const remote = socket.remoteAddress;
      socket.destroy();
      server.close();
      if (remote === "127.0.0.1") resolve();
      else reject(new Error(`dns-alias: ${ALIAS} reached ${remote}, not loopback`));
    });
    socket.on("error", (error) => {
      server.close();
      reject(new Error(`dns-alias: ${ALIAS} does not reach loopback: ${error.message}`));
    });
  });
});
