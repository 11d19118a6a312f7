// A credential whose system has no expiry for it (cannotExpire: AWS IAM user access keys, GitHub
// deploy keys, Kubernetes token Secrets) is shown as such by every human-readable output, not as
// "never expires" as if an expiry had been left out; a GCP key, which can be given one, still
// "never expires". Read from the discovery sources' public-shape fixtures.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoveryRepo } from "../helpers/discovery-repo.js";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";
const GCP_KEY = "projects/corp-prod-1234/serviceAccounts/terraform@corp-prod-1234.iam.gserviceaccount.com/keys/1f2e3d4c5b6a79880716253443526170";

const CASES: Array<{ source: string; nhi: string; credential: string; type: string; kind?: string; words: string }> = [
  { source: "aws-iam", nhi: "ci-deployer", credential: "access_key_1", type: "api-key", kind: "aws-access-key", words: "no expiry (AWS cannot give one)" },
  { source: "github", nhi: "deploy-key-fleet-services-101", credential: "deploy-key:fleet-services:101", type: "ssh-key", kind: "github-deploy-key", words: "no expiry (GitHub cannot give one)" },
  { source: "kubernetes", nhi: "ledger-sync.payments", credential: "ledger-sync-token", type: "token", kind: "kubernetes-token-secret", words: "no expiry (Kubernetes cannot give one)" },
  { source: "gcp-iam", nhi: "terraform", credential: GCP_KEY, type: "api-key", words: "never expires" },
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

interface Inventory { rows: Array<{ id: string; credentials: Array<{ id: string; cannotExpire?: string; expiresAt?: string }> }> }

describe("outputs say when a credential's system has no expiry for it", () => {
  it.each(CASES)("$source $credential: $words", async ({ source, nhi, credential, type, kind, words }) => {
    const repo = discoveryRepo(source);
    cleanup = repo.cleanup;
    // explain and plan read every target: the minimal fixture's GitHub org, empty.
    writeFileSync(join(repo.dir, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
    const run = async (...args: string[]): Promise<string> => {
      const r = await runCli([...args, "--repo", repo.dir, "--now", NOW]);
      expect(r.stderr).toBe("");
      return r.stdout;
    };
    const lineOf = (text: string, start: string): string => text.split("\n").find((l) => l.startsWith(start)) ?? `(no line starting ${start})`;

    const explain = lineOf(await run("explain", nhi), `credential ${credential}: ${type}, issued `);
    expect(explain.endsWith(`, ${words}`)).toBe(true);

    const identities = lineOf(await run("identities"), `  credential       ${type} ${credential}, `);
    expect(identities).toContain(`, ${words}, `);

    // (The text report cuts a long id, as a GCP key's, at 120 characters.)
    const text = lineOf(await run("nhi", "report"), `    ${type} ${credential.slice(0, 100)}`);
    expect(text.endsWith(`, ${words}`)).toBe(true);
    const markdown = await run("nhi", "report", "--format", "markdown");
    expect(markdown).toContain(words.replace(/[()]/g, "\\$&"));

    // The JSON rows carry the fact itself; expiresAt keeps its meaning (absent: none).
    const inventory = JSON.parse(await run("nhi", "report", "--format", "json")) as Inventory;
    const row = inventory.rows.find((r) => r.id === nhi)!.credentials.find((c) => c.id === credential)!;
    expect(row.expiresAt).toBeUndefined();
    expect(row.cannotExpire).toBe(kind);

    // The rule names the same system as the outputs do.
    const plan = JSON.parse(await run("plan", "--format", "json")) as { findings: Array<{ rule: string; message: string }> };
    const finding = plan.findings.find((f) => f.rule === "credential-expiry-required" && f.message.startsWith(`${type} ${credential} `))!;
    const system = /^no expiry \((\w+) cannot give one\)$/.exec(words)?.[1];
    if (system) expect(finding.message).toMatch(new RegExp(`never expires, and ${system} cannot give .* an expiry$`));
    else expect(finding.message).toMatch(/never expires$/);
  });
});
