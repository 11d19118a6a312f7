// Shared bits of the scim connector tests: a connector pointed at the test server, change
// builders, a tiny retry loop (the real one belongs to the apply runner) and an error collector
// for the token scan.
import { changeId, type Action, type Change } from "../../src/model/change.js";
import type { ApplyOutcome } from "../../src/targets/connector.js";
import { TargetError } from "../../src/targets/target-error.js";
import { createScimConnector, type ScimConnector } from "../../src/targets/scim/index.js";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startScimServer, type ScimServer } from "./scim-server.js";

export const TOKEN_VAR = "SCIM_CRM_TOKEN";

/**
 * One SCIM test server for the file's tests (or the describe block's), started once and emptied
 * before each test: `started` receives it. Server start is what the file's time goes to.
 */
export function scimServerPerFile(started: (server: ScimServer) => void): void {
  let server: ScimServer | undefined;
  beforeAll(async () => {
    server = await startScimServer();
    started(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server!.reset();
  });
}

export function connectorFor(server: ScimServer, options: Record<string, unknown> = {}, token = server.token): ScimConnector {
  return createScimConnector(
    { type: "scim", url: server.url, token: `\${env:${TOKEN_VAR}}`, options: { pageSize: 100, timeoutMs: 5000, ...options } },
    { name: "crm", repoDir: "/nonexistent", env: { [TOKEN_VAR]: token } },
  );
}

export function change(action: Action, identity: string, extra: Partial<Change> = {}): Change {
  return {
    id: changeId("crm", action, identity, extra.entitlement ?? ""),
    target: "crm",
    action,
    identity,
    privileged: false,
    origin: "source",
    reason: "test",
    evidence: [],
    ...extra,
  };
}

/** create-account for `login` anchored at hr:<login>, with attributes as the planner writes them. */
export function createChange(login: string, attributes: Record<string, string> = {}): Change {
  const attrs = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { from: null, to: v }]));
  return change("create-account", login, { anchor: `hr:${login}`, login, attributes: { ...attrs, externalId: { from: null, to: `hr:${login}` } } });
}

/** Every error a test saw, for the token scan. */
export const seenErrors: unknown[] = [];

export async function expectTargetError(promise: Promise<unknown>): Promise<TargetError> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    if (error instanceof TargetError) return error;
    throw new Error(`expected a TargetError, got ${String(error)}`);
  }
  throw new Error("expected a TargetError, but the call succeeded");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries retryable TargetErrors (at most `attempts`), as the apply runner will; waits a scaled
 * down Retry-After so tests stay fast. Records every error it swallowed.
 */
export async function withRetry<T>(run: () => Promise<T>, errors: TargetError[], attempts = 25): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof TargetError) || !error.retryable || i >= attempts) throw error;
      errors.push(error);
      seenErrors.push(error);
      await sleep(Math.min(error.details.retryAfterMs ?? 5, 20));
    }
  }
}

export async function applyWithRetry(connector: ScimConnector, c: Change, errors: TargetError[]): Promise<ApplyOutcome> {
  return withRetry(() => connector.apply(c), errors);
}

/** Raw SCIM call, for changing the app behind the connector's back. */
export async function scim(server: ScimServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
