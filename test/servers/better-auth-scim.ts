// Starts the better-auth SCIM server (test/servers/better-auth-scim/server.mjs) as a child
// process: a second SCIM implementation, independent of scimmy, for behaviour where servers
// differ (better-auth matches Group displayName case-insensitively, as RFC 7643 says; no ETags;
// pages capped at 100).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./better-auth-scim/server.mjs", import.meta.url));

export interface BetterAuthScim {
  url: string;
  token: string;
  /** POST /Groups for each name; the groups a test's app already has. */
  seedGroups(names: string[]): Promise<void>;
  /** GET a list (every page) as the test's own view of what the app holds. */
  list(path: "/Users" | "/Groups"): Promise<Array<Record<string, any>>>;
  stop(): Promise<void>;
}

export async function startBetterAuthScim(): Promise<BetterAuthScim> {
  const token = `scim-${randomBytes(18).toString("hex")}`;
  const child = spawn(process.execPath, [SCRIPT], { stdio: ["ignore", "pipe", "pipe", "ipc"], env: { PATH: process.env.PATH ?? "", SCIM_SERVER_TOKEN: token } });
  let output = "";
  const collect = (chunk: Buffer) => void (output.length < 65_536 && (output += chunk.toString("utf8")));
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`better-auth SCIM server did not start within 15 s: ${output.trim()}`)), 15_000);
    child.once("message", (message: { port?: number }) => {
      clearTimeout(timer);
      if (message.port) resolve(message.port);
      else reject(new Error(`unexpected message ${JSON.stringify(message)}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`better-auth SCIM server exited during start: ${output.trim() || "no output"}`));
    });
  });
  const url = `http://127.0.0.1:${port}/api/auth/scim/v2`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
  return {
    url,
    token,
    async seedGroups(names) {
      for (const displayName of names) {
        const response = await fetch(`${url}/Groups`, { method: "POST", headers, body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName }) });
        if (response.status !== 201) throw new Error(`seeding group ${displayName}: ${response.status} ${await response.text()}`);
      }
    },
    async list(path) {
      const out: Array<Record<string, any>> = [];
      for (let start = 1; ; ) {
        const response = await fetch(`${url}${path}?startIndex=${start}&count=100`, { headers });
        if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
        const page = (await response.json()) as { totalResults: number; Resources?: Array<Record<string, any>> };
        out.push(...(page.Resources ?? []));
        start += page.Resources?.length ?? 0;
        if (!page.Resources?.length || out.length >= page.totalResults) return out;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
      process.off("exit", onExit);
    },
  };
}
