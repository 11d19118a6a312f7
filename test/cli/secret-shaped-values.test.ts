// No message shows a value the inline-secret scan would flag (docs/formats.md "Inline secrets"):
// a token-shaped value in an export reaches errors, diagnostics and findings only as
// "(a value not shown: it looks like a secret, …)", in every output format.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostic.js";
import { maskSecretShapes } from "../../src/model/secret-shapes.js";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
const HIDDEN = "(a value not shown: it looks like a secret, GitHub token)";

describe("maskSecretShapes", () => {
  it("hides every token shape anywhere in a text, with the quotes around it", () => {
    expect(maskSecretShapes(`unknown WorkerStatus "${TOKEN}"`)).toBe(`unknown WorkerStatus ${HIDDEN}`);
    // An AWS access key id names a key; findings about IAM keys must name it.
    expect(maskSecretShapes(`a ${TOKEN} and AKIAABCDEFGHIJKLMNOP`)).toBe(`a ${HIDDEN} and AKIAABCDEFGHIJKLMNOP`);
    expect(maskSecretShapes("xoxb-1234567890-abcdef")).toBe("(a value not shown: it looks like a secret, Slack token)");
    expect(maskSecretShapes("sk-live-abcdefghijklmnopqrstuvwxyz")).toBe("(a value not shown: it looks like a secret, API secret key)");
    expect(maskSecretShapes("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop")).toBe("jwt (a value not shown: it looks like a secret, JSON Web Token)");
    expect(maskSecretShapes("key -----BEGIN RSA PRIVATE KEY-----\\nMIIEow+/abc=\\n-----END RSA PRIVATE KEY----- end")).toBe("key (a value not shown: it looks like a secret, private key) end");
    expect(maskSecretShapes("key -----BEGIN PRIVATE KEY-----\nMIIEow+/abc=\nMIIE")).toBe("key (a value not shown: it looks like a secret, private key)");
    expect(maskSecretShapes("clone https://ci:s3cr3t@git.example.com/repo")).toBe("clone https://ci:***@git.example.com/repo");
    expect(formatDiagnostic({ file: "a.yaml", line: 1, col: 2, message: `bad "${TOKEN}"`, hint: `not ${TOKEN}` })).toBe(`a.yaml:1:2: bad ${HIDDEN}\n  fix: not ${HIDDEN}`);
    const plain = 'department "Firmware" (desk-3, risk-high)';
    expect(maskSecretShapes(plain)).toBe(plain);
  });
});

describe("a token-shaped value in an export", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  const exampleWith = (file: string, edit: (text: string) => string): string => {
    const copy = copyExample();
    cleanup = copy.cleanup;
    const path = join(copy.dir, file);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    writeFileSync(path, after);
    return copy.dir;
  };

  it("is not shown in a source error (plan, validate)", async () => {
    const repo = exampleWith("examples/exports/hr.csv", (t) => t.replace(/^(W1002,daniel\.reyes,[^,]*,[^,]*,[^,]*,)Active,/m, `$1${TOKEN},`));
    for (const command of [["plan", "--now", EXAMPLE_NOW], ["validate"]]) {
      const r = await runCli([...command, "--repo", repo]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: source "hr": examples/exports/hr.csv row 2 (line 3): unknown WorkerStatus ${HIDDEN}\n`);
      expect(r.stderr + r.stdout).not.toContain(TOKEN);
    }
  });

  it("is not shown in a finding, in any plan format", async () => {
    const repo = exampleWith("examples/exports/globex.ldif", (t) => t.replace("departmentNumber: Firmware", `departmentNumber: ${TOKEN}`));
    for (const format of ["text", "markdown", "json", "sarif"]) {
      const r = await runCli(["plan", "--format", format, "--now", EXAMPLE_NOW, "--repo", repo]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, format).not.toContain(TOKEN);
      // The markdown comment leaves info findings out.
      if (format !== "markdown") expect(r.stdout, format).toContain(HIDDEN);
    }
    const json = JSON.parse((await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as { findings: Array<{ rule: string; message: string }> };
    expect(json.findings.map((f) => f.message)).toContain(`department: hr says "Engineering", globex says ${HIDDEN}; kept hr (authoritative: hr)`);
    const identities = await runCli(["identities", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(identities.stdout.split("\n").filter((l) => l.startsWith("info attribute-conflict")).join("\n")).not.toContain(TOKEN);
  });

  it("is not written into the committed snapshot, nor is a URL's password", async () => {
    const repo = exampleWith("examples/exports/hr.csv", (t) => t.replace(/^(W1002,daniel\.reyes,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)Chief Technology Officer,/m, `$1${TOKEN},`).replace(/^(W1001,margaret\.okonkwo,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)Executive,/m, "$1see https://ava:Av4S3cretPass@wiki.example/x,"));
    const r = await runCli(["snapshot", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(r.code, r.stderr).toBe(0);
    const written = readFileSync(join(repo, "examples", "snapshots", "hr.json"), "utf8");
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain("Av4S3cretPass");
    const records = (JSON.parse(written) as { records: Array<{ externalId: string; title?: string; department?: string }> }).records;
    expect(records.find((x) => x.externalId === "W1002")!.title).toBe(HIDDEN);
    expect(records.find((x) => x.externalId === "W1001")!.department).toBe("see https://ava:***@wiki.example/x");

    // Planned against that snapshot, the hidden values are not changes: nobody reads as a mover.
    const plan = JSON.parse((await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as { changes: Array<{ identity: string; move?: unknown }>; findings: Array<{ rule: string; identity?: string; message: string }> };
    expect(plan.changes.filter((c) => c.move !== undefined).map((c) => c.identity)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "privilege-after-move").map((f) => f.message)).toEqual([]);
  });
});

// Synthetic secrets only: AWS's documented example secret access key, a made-up HS256 JWT.
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AWS_HIDDEN = "(a value not shown: it looks like a secret, AWS secret access key)";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzY29wZXN5bmMtdGVzdCJ9.c2lnbmF0dXJlLXNjb3Blc3luYy10ZXN0";
const JWT_HEAD = "eyJhbGciOiJIUzI1NiJ9";
const ENTRA = "examples/exports/entra-apps/applications.json";
const DEMO_LAB = "b8e7d6c5-1a2b-4c3d-8e9f-0a1b2c3d4e02";

describe("a secret in an NHI discovery export", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  /** The example with the Entra application "Demo Lab Provisioner" (undeclared, from entra-apps) edited. */
  const withDemoLab = (edit: (app: Record<string, unknown> & { passwordCredentials: Array<Record<string, unknown>> }) => void): string => {
    const copy = copyExample();
    cleanup = copy.cleanup;
    const path = join(copy.dir, ENTRA);
    const body = JSON.parse(readFileSync(path, "utf8")) as { value: Array<Record<string, unknown> & { appId: string; passwordCredentials: Array<Record<string, unknown>> }> };
    edit(body.value.find((a) => a.appId === DEMO_LAB)!);
    writeFileSync(path, JSON.stringify(body, null, 1));
    return copy.dir;
  };

  it("an AWS secret access key is hidden in a source error and the committed snapshot", async () => {
    const repo = withDemoLab((app) => (app.passwordCredentials[0]!.displayName = `aws_secret_access_key=${AWS_SECRET}`));
    const snapshot = await runCli(["snapshot", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(snapshot.code, snapshot.stderr).toBe(0);
    const written = readFileSync(join(repo, "state", "sources", "entra-apps.json"), "utf8");
    expect(written).not.toContain(AWS_SECRET);
    expect(written).toContain(`aws_secret_access_key=${AWS_HIDDEN}`);

    // The same value where the credential report has a date: the source's error names the cell, not the value.
    const report = join(repo, "examples/exports/aws/credential-report.csv");
    writeFileSync(report, readFileSync(report, "utf8").replace(/^(reports-export,(?:[^,]*,){8})2024-06-03T09:05:00\+00:00,/m, `$1${AWS_SECRET},`));
    const plan = await runCli(["plan", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`access_key_1_last_rotated ${AWS_HIDDEN} is not an ISO 8601 date-time`);
    expect(plan.stderr + plan.stdout).not.toContain(AWS_SECRET);
  });

  it("identities (text and JSON) and explain hide a token, a JWT and an AWS secret access key from the export's free text, even past where text is cut", async () => {
    // Tags are the application's own free text. The token starts 19 characters before the 80 a
    // value is cut to on a terminal: cut first, it would be shown as "ghp_abcdefghijklmno…".
    const repo = withDemoLab((app) => {
      app.tags = [`${"lab".repeat(20)} ${TOKEN}`];
      app.passwordCredentials[0]!.displayName = `Terraform ${JWT} aws_secret_access_key=${AWS_SECRET}`;
    });
    for (const args of [["identities"], ["identities", "--format", "json"], ["explain", "demo-lab-provisioner"]]) {
      const r = await runCli([...args, "--now", EXAMPLE_NOW, "--repo", repo]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(" ")).toContain("demo-lab-provisioner");
      expect(r.stdout, args.join(" ")).toContain(`${"lab".repeat(20)} (a value not shown:`);
      for (const secret of ["ghp_", JWT_HEAD, AWS_SECRET]) expect(r.stdout, `${args.join(" ")} shows ${secret}`).not.toContain(secret);
    }
    const json = JSON.parse((await runCli(["identities", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo])).stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }> };
    const demoLab = json.identities.find((i) => i.id === "demo-lab-provisioner")!;
    expect(demoLab.attributes.tags).toEqual([`${"lab".repeat(20)} ${HIDDEN}`]);
    expect(JSON.stringify(demoLab)).toContain(`aws_secret_access_key=${AWS_HIDDEN}`);
  });

  it("nhi propose leaves a secret in a display name out of the draft, its id, its file name and the plan", async () => {
    const repo = withDemoLab((app) => (app.displayName = `Demo Lab Provisioner ${JWT} https://svc:Sup3rS3cretPw@lab.corp.example/`));
    const out = join(repo, "drafts");
    const propose = await runCli(["nhi", "propose", "--out", out, "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(propose.code, propose.stderr).toBe(0);
    const files = readdirSync(out);
    expect(files).toContain("demo-lab-provisioner-https-svc-lab.corp.example.yaml");
    const draft = readFileSync(join(out, "demo-lab-provisioner-https-svc-lab.corp.example.yaml"), "utf8");
    expect(draft).toContain("\ndisplayName: Demo Lab Provisioner https://svc@lab.corp.example/\n");
    expect(draft).toContain("# warning: the system's name for it held a secret, left out of displayName here");
    for (const text of [files.join("\n"), draft, propose.stdout + propose.stderr]) {
      expect(text.toLowerCase()).not.toContain("sup3rs3cretpw");
      expect(text).not.toContain(JWT_HEAD.toLowerCase());
      expect(text).not.toContain(JWT_HEAD);
    }
    for (const format of ["json", "markdown"]) {
      const plan = await runCli(["plan", "--format", format, "--now", EXAMPLE_NOW, "--repo", repo]);
      expect(plan.stdout.toLowerCase(), format).not.toContain("sup3rs3cretpw");
      expect(plan.stdout.toLowerCase(), format).not.toContain(JWT_HEAD.toLowerCase());
    }
  });
});
