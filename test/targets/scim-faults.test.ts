// The connector under injected faults (seeded, so replayable): 429s, 500s, resets, lost answers
// and slow answers become retryable TargetErrors carrying Retry-After; a small local retry loop
// (the real one belongs to the apply runner) shows that applying converges without duplicates.
import { describe, expect, it } from "vitest";
import type { TargetError } from "../../src/targets/target-error.js";
import type { ScimServer } from "../servers/scim-server.js";
import { applyWithRetry, change, connectorFor, createChange, expectTargetError, scimServerPerFile, withRetry } from "../servers/scim-server-testkit.js";

let server: ScimServer;
scimServerPerFile((started) => (server = started));

describe("single faults become retryable TargetErrors", () => {
  it("429 carries Retry-After in seconds", async () => {
    await server.inject({ rate429: 1, retryAfter: 7 });
    const error = await expectTargetError(connectorFor(server).read());
    expect(error.message).toBe('target "crm": scim GET /ServiceProviderConfig: 429 Too many requests (injected)');
    expect(error.details).toEqual({ status: 429, retryable: true, retryAfterMs: 7000, hint: "the app is limiting requests: scopesync retries after the time it asks for; run again later if it persists" });
  });

  it("429 carries Retry-After given as an HTTP date", async () => {
    await server.inject({ rate429: 1, retryAfter: "date" });
    const error = await expectTargetError(connectorFor(server).read());
    expect(error.retryable).toBe(true);
    // One second ahead, at whole-second resolution.
    expect(error.details.retryAfterMs).toBeGreaterThanOrEqual(0);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it("500 is retryable", async () => {
    await server.inject({ rate500: 1 });
    const error = await expectTargetError(connectorFor(server).apply(createChange("ada")));
    expect(error.message).toBe('target "crm": create-account ada: scim GET /Users: 500 Internal server error (injected)');
    expect(error.details).toMatchObject({ status: 500, retryable: true });
    // Every failure says what to do next (the CLI prints it as its fix: line).
    expect(error.details.hint).toBe("the app failed on its side: scopesync retries it; if it persists, check the app's status page or logs, then run again");
  });

  it("a connection reset is retryable", async () => {
    await server.inject({ rateReset: 1 });
    const error = await expectTargetError(connectorFor(server).read());
    expect(error.message).toMatch(/scim GET \/ServiceProviderConfig: connection failed \(/);
    expect(error.details.retryable).toBe(true);
    expect(error.details.status).toBeUndefined();
  });

  it("a timeout is retryable", async () => {
    await server.inject({ rateSlow: 1, slowMs: 1500 });
    const error = await expectTargetError(connectorFor(server, { timeoutMs: 200 }).read());
    expect(error.message).toBe('target "crm": scim GET /ServiceProviderConfig: no answer within 200 ms');
    expect(error.retryable).toBe(true);
  });

  it("a create whose answer was lost is unchanged on retry: no duplicate user", async () => {
    const connector = connectorFor(server);
    await connector.discover();
    await server.inject({ rateLost: 1, methods: ["POST"] });
    const error = await expectTargetError(connector.apply(createChange("ada")));
    expect(error.retryable).toBe(true);
    await server.inject({});
    const retried = await connector.apply(createChange("ada"));
    expect(retried.status).toBe("unchanged");
    expect((await server.stats()).store.users).toBe(1);
  });
});

describe("20% faults", () => {
  it("every apply either succeeds or raises a retryable TargetError, and retrying converges", async () => {
    await server.seed({ groups: [{ displayName: "Sales" }, { displayName: "Admins" }] });
    await server.inject({ seed: 20261126, rate429: 0.06, rate500: 0.05, rateReset: 0.04, rateLost: 0.05, retryAfter: 1 });
    const connector = connectorFor(server);
    const errors: TargetError[] = [];
    const logins = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const outcomes: string[] = [];
    for (const login of logins) {
      const created = await applyWithRetry(connector, createChange(login, { title: "Engineer" }), errors);
      outcomes.push(created.status);
      const base = { account: created.account!, anchor: `hr:${login}`, login };
      await applyWithRetry(connector, change("grant", login, { ...base, entitlement: "group:Sales" }), errors);
      await applyWithRetry(connector, change("update-account", login, { ...base, attributes: { title: { from: "Engineer", to: "Lead" } } }), errors);
      if (login.endsWith("0")) {
        await applyWithRetry(connector, change("grant", login, { ...base, entitlement: "group:Admins" }), errors);
        await applyWithRetry(connector, change("disable-account", login, base), errors);
      }
    }
    // Each swallowed error was retryable and came from an injected fault.
    expect(errors.length).toBeGreaterThan(5);
    expect(errors.every((e) => e.retryable)).toBe(true);
    expect(errors.some((e) => e.details.status === 429 && e.details.retryAfterMs === 1000)).toBe(true);
    expect(errors.some((e) => e.details.status === 500)).toBe(true);
    expect(errors.some((e) => e.details.status === undefined && /connection failed/.test(e.message))).toBe(true);

    const stats = await server.stats();
    expect(stats.faults["fault:429"]).toBeGreaterThan(0);
    expect(stats.faults["fault:lost"]).toBeGreaterThan(0);

    const state = await withRetry(() => connector.read(), errors);
    expect(state.accounts.map((a) => a.login).sort()).toEqual([...logins].sort());
    for (const account of state.accounts) {
      const admin = account.login.endsWith("0");
      expect(account.entitlements).toEqual(admin ? ["group:Admins", "group:Sales"] : ["group:Sales"]);
      expect(account.attributes.title).toBe("Lead");
      expect(account.active).toBe(!admin);
    }
    await server.inject({});
    expect((await server.stats()).store.users).toBe(20);
  });

  it("a read under faults returns everything or throws; never a short list", async () => {
    await server.seed({ users: Array.from({ length: 120 }, (_, i) => ({ userName: `u${i}` })) });
    await server.inject({ seed: 7, rate429: 0.07, rate500: 0.07, rateReset: 0.06 });
    let complete = 0;
    let failed = 0;
    for (let i = 0; i < 15; i++) {
      try {
        const state = await connectorFor(server, { pageSize: 25 }).read();
        expect(state.accounts).toHaveLength(120);
        complete++;
      } catch (error) {
        expect((error as TargetError).retryable).toBe(true);
        failed++;
      }
    }
    expect(complete).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  });
});
