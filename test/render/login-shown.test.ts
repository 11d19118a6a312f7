// A reviewer approves what happens to an account, and an account is named by its login in the app:
// where that is not the identity's id (a GitHub login, a CRM's own user name, a login a rename is
// about to change), the text and Markdown plans name it beside the identity.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";

describe("the account's login in a plan", () => {
  it("is shown beside the identity where it differs, and not repeated where it does not", async () => {
    const text = await runCli(["plan", "--format", "text", "--now", NOW]);
    const lines = text.stdout.split("\n");
    // github: marcus.chen's account is mchen-dev; local: the same person's account is marcus.chen.
    expect(lines.filter((l) => /^\s+- disable\s+marcus\.chen/.test(l)).map((l) => l.trim().replace(/\s+/g, " "))).toEqual(["- disable marcus.chen (login mchen-dev) [mover] (source)"]);
    expect(lines.some((l) => /^\s+~ update\s+marcus\.chen \[mover\]\s+\(source\)/.test(l))).toBe(true);
    // An unmanaged account is named account:LOGIN already.
    expect(text.stdout).not.toContain("account:demo.user (login");
    const markdown = await runCli(["plan", "--format", "markdown", "--now", NOW]);
    expect(markdown.stdout).toContain("| disable | marcus.chen (login <code>mchen-dev</code>) |  | source (mover) |");
    expect(markdown.stdout).toContain("| update | mei.kowalski (login <code>mei.tanaka</code>) |");
    expect(markdown.stdout).toContain("| disable | account:demo.user |  | policy |");
  });
});
