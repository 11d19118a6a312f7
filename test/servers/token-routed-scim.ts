// One SCIM base URL in front of several SCIM servers, the bearer token picking which one answers:
// how a multi-tenant SCIM API is reached (Slack's: every workspace at
// https://api.slack.com/scim/v2/, the admin token picks the workspace). Each request goes on to
// the real server (scimmy) whose token it carries, unchanged; an unknown token gets the 401 a SCIM
// server gives (RFC 7644 §3.12 error envelope), as the servers behind it would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ScimServer } from "./scim-server.js";

export interface TokenRoutedScim {
  /** The one base URL, e.g. http://127.0.0.1:PORT/scim/v2 */
  url: string;
  close(): Promise<void>;
}

export async function tokenRoutedScim(servers: readonly ScimServer[]): Promise<TokenRoutedScim> {
  const byToken = new Map(servers.map((s) => [`Bearer ${s.token}`, new URL(s.url)]));
  const front = http.createServer((req, res) => {
    const upstream = byToken.get(req.headers.authorization ?? "");
    if (!upstream) {
      res.writeHead(401, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401", detail: "invalid token" }));
      return;
    }
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const { port } = front.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(servers[0]!.url).pathname}`,
    close: () => new Promise((resolve) => front.close(() => resolve())),
  };
}
