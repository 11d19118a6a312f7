// A second, independent SCIM 2.0 server for tests: better-auth with its @better-auth/scim plugin,
// on better-auth's in-memory adapter (it has the native transactions the plugin requires, and
// needs no native module: better-sqlite3 would have to be compiled on every machine). One static
// bearer connection; the token arrives through the environment. Reports its port over IPC.
import { createServer } from "node:http";
import { getAuthTables } from "@better-auth/core/db";
import { scim } from "@better-auth/scim";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";

const token = process.env.SCIM_SERVER_TOKEN;
if (!token) throw new Error("SCIM_SERVER_TOKEN is not set");
const plugins = [scim({ connections: [{ id: "scopesync-test", credentials: [{ type: "bearer", id: "test", token }] }] })];
const settings = { baseURL: "http://127.0.0.1", secret: `test-only-${token}`, plugins, logger: { disabled: true }, telemetry: { enabled: false } };
// The memory adapter keeps one array per model: every table the core and the plugin declare.
const db = {};
for (const table of Object.values(getAuthTables(settings))) db[table.modelName] = [];
const handler = toNodeHandler(betterAuth({ ...settings, database: memoryAdapter(db) }));
const server = createServer((request, response) => void handler(request, response));
server.listen(0, "127.0.0.1", () => process.send?.({ ready: true, port: server.address().port }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
