import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { describe, expect, it, onTestFinished } from "vitest";
import { parseYamlFile } from "../../src/config/yaml-file.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

// YAML 1.1's merge key (`<<: *base`) is not YAML 1.2, which policy files are read as: `<<` was a
// key like any other, holding the anchored mapping, and the schema said `unknown key "<<"` and
// `missing required key "group"` without a word about why (rv82). Refused instead, at the key,
// with what to write. Not merged: a merged value's positions would be the anchor's, and errors
// about it would point at a line that is not where the value is used.

const MERGED = `kind: AppPolicy
id: local
target: local
scope:
  include:
    - kinds: [person]
entitlements:
  - &padm
    group: admins
    entitlement: role:admin
    privileged: true
  - <<: *padm
    entitlement: role:owner
`;

const problems = (text: string): string[] => parseYamlFile("policies/local.yaml", Buffer.from(text)).diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message} | ${d.hint}`);

describe("YAML merge keys", () => {
  it("are refused at the key, naming the anchor whose keys to repeat, and nothing else is said about the mapping", async () => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    onTestFinished(repo.cleanup);
    writeFileSync(join(repo.dir, "policies/local.yaml"), MERGED);
    const r = await runCli(["validate", "--repo", repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "policies/local.yaml:12:5: YAML merge keys (<<) are not supported: scopesync reads YAML 1.2, which has none\n" +
        "  fix: repeat the keys of &padm in this mapping instead; an alias (`*padm`) may still stand for a whole value\n\n" +
        "1 problem found; nothing was planned.\n",
    );
  });

  it("are refused merging several anchors, in a flow mapping, and in scopesync.yaml alike; a quoted \"<<\" key is not one", () => {
    expect(problems("a: &a { x: 1 }\nb: &b { y: 2 }\nc:\n  <<: [*a, *b]\n")).toEqual(["policies/local.yaml:4:3: YAML merge keys (<<) are not supported: scopesync reads YAML 1.2, which has none | repeat the keys in this mapping instead; an alias (`*name`) may still stand for a whole value"]);
    expect(problems("a: &a { x: 1 }\nc: { <<: *a, y: 2 }\n")).toEqual([expect.stringMatching(/^policies\/local\.yaml:2:6: YAML merge keys \(<<\) are not supported: .* repeat the keys of &a in this mapping/)]);
    const config = parseYamlFile("scopesync.yaml", Buffer.from("defaults: &d { path: x }\ntargets:\n  local:\n    <<: *d\n    type: file\n")).diagnostics;
    expect(config.map((d) => [d.line, d.col, d.message])).toEqual([[4, 5, "YAML merge keys (<<) are not supported: scopesync reads YAML 1.2, which has none"]]);
    // A quoted "<<" is a string key in any YAML version: left to the schema, which says whether it is known.
    expect(problems('a: &a { x: 1 }\nc:\n  "<<": *a\n')).toEqual([]);
  });
});
