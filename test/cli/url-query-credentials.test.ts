// A signed URL in an export (an Azure SAS link pasted into HR's JobTitle) is the credential
// itself. It is flagged by the repository's inline-secret scan, so no output shows it: not the
// plan in any format (the PR comment is the markdown), not identities or explain, not the
// snapshot `scopesync snapshot` writes for commit; and the planner does not write it to an app,
// from the export or from that snapshot (rv109 MEDIUM 1).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// Built at run time: no secret-shaped literal in the repository.
const SIG = ["Zm9vYmFyU0FT", "c2lnbmF0dXJlX1FV", "RVJZc2VjcmV0MTIz"].join("");
const SAS = `https://acmehr.blob.core.windows.net/photos/w1010.jpg?sv=2022-11-02&se=2027-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=${SIG}`;
const TITLE = `Staff Platform Engineer ${SAS}`;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

type Plan = { changes: Array<{ identity: string; target: string; action: string; attributes?: Record<string, { to?: unknown }> }>; findings: Array<{ rule: string; identity?: string; target?: string; message: string }> };

it("is masked to sig=*** in every output and never planned to be written to an app", async () => {
  const copy = copyExample();
  cleanup = copy.cleanup;
  const repo = copy.dir;
  const hr = join(repo, "examples/exports/hr.csv");
  const before = readFileSync(hr, "utf8");
  writeFileSync(hr, before.replace("Staff Platform Engineer,Platform", `"${TITLE}",Platform`));
  expect(readFileSync(hr, "utf8")).not.toBe(before);

  const outputs: Array<[string, string[]]> = [
    ...["json", "markdown", "text", "sarif"].map((format): [string, string[]] => [`plan ${format}`, ["plan", "--format", format]]),
    ["identities json", ["identities", "--format", "json"]],
    ["explain", ["explain", "ingrid.holm"]],
  ];
  for (const [what, args] of outputs) {
    const r = await runCli([...args, "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(r.code, `${what}: ${r.stderr}`).not.toBe(2);
    expect(r.stdout + r.stderr, what).not.toContain(SIG);
  }
  const identities = JSON.parse((await runCli(["identities", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }> };
  expect(identities.identities.find((i) => i.id === "ingrid.holm")!.attributes.title).toBe(TITLE.replace(SIG, "***"));

  const refused = (plan: Plan): void => {
    const local = plan.changes.filter((c) => c.identity === "ingrid.holm" && c.target === "local");
    expect(JSON.stringify(local)).not.toContain("sig=");
    expect(plan.findings.filter((f) => f.rule === "attribute-secret-shaped" && f.identity === "ingrid.holm").map((f) => f.target)).toEqual(["local"]);
    expect(plan.findings.find((f) => f.rule === "attribute-secret-shaped")!.message).toContain('looks like a secret (URL query parameter "sig")');
  };
  refused(JSON.parse((await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as Plan);

  const snapshot = await runCli(["snapshot", "--now", EXAMPLE_NOW, "--repo", repo]);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  const written = readFileSync(join(repo, "examples", "snapshots", "hr.json"), "utf8");
  expect(written).not.toContain(SIG);
  expect(written).toContain("&sig=***");
  // Planned from that snapshot, the stand-in is no more written than the link was.
  refused(JSON.parse((await runCli(["plan", "--from-snapshots", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as Plan);
});
