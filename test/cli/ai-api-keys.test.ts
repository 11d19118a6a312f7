// rv63 finding 4: Anthropic and OpenAI API keys (sk-ant-api03-…, sk-svcacct-…) in an agent's file
// passed secret-in-repo, and `identities --format json` printed them whole. An agent's file is
// where such a key gets pasted; an export's free text is where one reaches the outputs. Keys are
// synthetic, in the vendors' shapes (test/helpers/ai-api-keys.ts), on the bundled example.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aiApiKeys } from "../helpers/ai-api-keys.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const KEYS = aiApiKeys(63);
const ANTHROPIC = KEYS.find((k) => k.kind === "Anthropic API key")!.key;
const SERVICE_ACCOUNT = KEYS.find((k) => k.kind === "OpenAI service-account key")!.key;

/** No part of a key long enough to use or to recognise: its first 24 characters, or its body. */
function expectNoKey(text: string, label: string): void {
  for (const { kind, key } of KEYS) {
    expect(text, `${label} shows the ${kind}`).not.toContain(key.slice(0, 24));
    expect(text, `${label} shows the ${kind}'s body`).not.toContain(key.slice(-24));
  }
}

describe("an AI vendor's API key", () => {
  it("in an agent's file stops every command at its line, named by vendor, and is never printed", async () => {
    const repo = exampleForTest();
    editFile(join(repo, "identities/agents/agent-code-review.yaml"), (t) =>
      t
        .replace("  Reviews pull requests in acme-robotics/robotics-core and leaves comments.", `  Reviews pull requests. Key until the vault path exists: ${ANTHROPIC}`)
        .replace("  githubLogin: acme-review-agent\n", `  githubLogin: acme-review-agent\n  setupNote: "fallback model key ${SERVICE_ACCOUNT} (remove after cut-over)"\n`),
    );
    for (const args of [["validate"], ["identities", "--format", "json", "--now", EXAMPLE_NOW], ["explain", "agent-code-review", "--now", EXAMPLE_NOW], ["plan", "--format", "json", "--now", EXAMPLE_NOW]]) {
      const r = await runCli([...args, "--repo", repo]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toContain("identities/agents/agent-code-review.yaml:9:10: inline secret (Anthropic API key); its value is not shown\n");
      expect(r.stderr, args.join(" ")).toContain("identities/agents/agent-code-review.yaml:18:14: inline secret (OpenAI API key); its value is not shown\n");
      expectNoKey(r.stdout + r.stderr, args.join(" "));
    }
  });

  it("in an export's free text is hidden in identities (text and JSON), explain and the plan's text, markdown and SARIF", async () => {
    const repo = exampleForTest();
    const title = `Chief Technology Officer ${KEYS.map((k) => k.key).join(" ")}`;
    editFile(join(repo, "examples/exports/hr.csv"), (t) => t.replace(/^(W1002,daniel\.reyes,(?:[^,]*,){5})Chief Technology Officer,/m, `$1${title},`));
    const hiddenTitle = `Chief Technology Officer ${KEYS.map((k) => `(a value not shown: it looks like a secret, ${k.what})`).join(" ")}`;

    const json = await runCli(["identities", "--format", "json", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(json.code, json.stderr).toBe(0);
    const daniel = (JSON.parse(json.stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }> }).identities.find((i) => i.id === "daniel.reyes")!;
    expect(daniel.attributes.title).toBe(hiddenTitle);

    for (const args of [["identities"], ["identities", "--format", "json"], ["explain", "daniel.reyes"], ["plan"], ["plan", "--format", "markdown"], ["plan", "--format", "sarif"]]) {
      const r = await runCli([...args, "--now", EXAMPLE_NOW, "--repo", repo]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expectNoKey(r.stdout + r.stderr, args.join(" "));
    }
    // The text plan names where the key was, and plans no title holding it (attribute-secret-shaped);
    // explain shows the value hidden.
    const plan = await runCli(["plan", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(plan.stdout).toMatch(/warning attribute-secret-shaped daniel\.reyes: daniel\.reyes's title \(examples\/exports\/hr\.csv row 2 \(line 3\)\), mapped to local's title .* looks like a secret \(Anthropic API key\): it is not written/);
    expect(plan.stdout).not.toContain("title: Chief Technology Officer{+");
    const explain = await runCli(["explain", "daniel.reyes", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(explain.stdout).toContain("title = Chief Technology Officer (a value not shown: it looks like a secret, ");
    expect(explain.stdout).toContain("warning attribute-secret-shaped: daniel.reyes's title");
  });
});
