// A tiny static file server for the web page: serves the repository root on 127.0.0.1 so that
// examples/web/ can import bindings-wasm/pkg/ and fetch tests/vectors/.
//   node scripts/serve-web.mjs [port]   → open http://127.0.0.1:PORT/examples/web/
// The browser test (bindings-wasm/tests/browser-page.mjs) starts it on a free port itself.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".wasm": "application/wasm", // needed by WebAssembly.instantiateStreaming
  ".ts": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

/** Serves `root` on 127.0.0.1:`port` (0 = any free port); resolves to { server, url }. */
export function startServer(root = repositoryRoot, port = 0) {
  const server = createServer(async (request, response) => {
    try {
      let path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(root, path));
      // Never serve anything outside the root (../ in the URL).
      if (!file.startsWith(normalize(root + sep))) throw Object.assign(new Error(), { code: "EACCES" });
      if ((await stat(file)).isDirectory()) {
        response.writeHead(301, { location: `${path}/` }).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      response.end(body);
    } catch (error) {
      const status = error.code === "ENOENT" ? 404 : error.code === "EACCES" ? 403 : 500;
      response.writeHead(status, { "content-type": "text/plain" }).end(`${status}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { url } = await startServer(repositoryRoot, Number(process.argv[2] ?? 8000));
  console.log(`serving ${repositoryRoot} at ${url}examples/web/ (Ctrl-C to stop)`);
}
