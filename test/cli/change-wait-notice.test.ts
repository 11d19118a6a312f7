// The lines apply shows while a target makes changes wait (src/cli/change-wait-notice.ts): once per
// target and wait, not once per lane; short backoffs pass silently; the target's text is escaped.
import { describe, expect, it } from "vitest";
import { changeWaitNotice } from "../../src/cli/change-wait-notice.js";
import type { Io } from "../../src/cli/io.js";
import { TargetError } from "../../src/targets/target-error.js";
import { mk } from "../apply/helpers/memory-connector.js";

function setup() {
  const lines: string[] = [];
  const io: Io = { out: () => {}, err: (t) => void lines.push(t), isTTY: false, env: {}, cwd: "/" };
  let now = 1_000_000;
  const notice = changeWaitNotice(io, () => now);
  const limited = (target: string, text = "429 slow down") => new TargetError(target, `grant jo: ${text}`, { status: 429, retryable: true });
  return { lines, notice, limited, advance: (ms: number) => void (now += ms) };
}

describe("changeWaitNotice", () => {
  it("waits under ten seconds pass without a line; one of ten seconds or more is told", () => {
    const { lines, notice, limited } = setup();
    notice(mk("grant", "jo", { entitlement: "team:a" }, "app"), 1, limited("app"), 9_999);
    expect(lines).toEqual([]);
    notice(mk("grant", "jo", { entitlement: "team:a" }, "app"), 1, limited("app"), 10_000);
    expect(lines).toEqual(["app: grant jo: 429 slow down; waiting 10 s as the target asked, then trying again (attempt 2)"]);
  });

  it("sixteen lanes meeting one rate limit together: one line; a wait that ends later than the told one by more than a second: another", () => {
    const { lines, notice, limited, advance } = setup();
    for (let lane = 0; lane < 16; lane++) {
      notice(mk("grant", `u${lane}`, { entitlement: "team:a" }, "app"), 1, limited("app"), 60_000);
      advance(50);
    }
    expect(lines).toHaveLength(1);
    // Still within the told wait's end (plus a second): not told again.
    notice(mk("grant", "late", { entitlement: "team:a" }, "app"), 2, limited("app"), 60_000 - 16 * 50 + 900);
    expect(lines).toHaveLength(1);
    notice(mk("grant", "later", { entitlement: "team:a" }, "app"), 2, limited("app"), 120_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("waiting 2 min as the target asked");
  });

  it("each target's waits are told apart", () => {
    const { lines, notice, limited } = setup();
    notice(mk("grant", "jo", { entitlement: "team:a" }, "app"), 1, limited("app"), 60_000);
    notice(mk("grant", "jo", { entitlement: "team:a" }, "crm"), 1, limited("crm"), 60_000);
    expect(lines.map((l) => l.split(":")[0])).toEqual(["app", "crm"]);
  });

  it("what the target said is escaped for the terminal", () => {
    const { lines, notice, limited } = setup();
    notice(mk("grant", "jo", { entitlement: "team:a" }, "app"), 1, limited("app", "429 \u001b[31mred\u001b[0m"), 30_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\u001b");
  });
});
