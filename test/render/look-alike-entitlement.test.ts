// An entitlement name can read as another too: a policy that maps `group:еveryone` (a CYRILLIC
// SMALL LETTER IE, U+0435) to people who hold `group:everyone` plans a grant that reads as one of
// what they already have. Before, the text plan and the Mermaid picture wrote the name raw, and
// the comment's table wrote it as HTML entities, which GitHub renders as the look-alike glyph. It
// is shown with its code points, as identities and logins are.
import { afterEach, expect, it } from "vitest";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";

const ALIKE = "group:\u0435veryone";
const SHOWN = "group:\\u0435veryone";

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

function alikeRepo(): PolicyRepo {
  const made = new PolicyRepo({
    targetName: "app",
    target: { type: "file", path: "state/app.json" },
    people: [{ worker: "W1", login: "ada", department: "Engineering" }],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: {}, entitlements: [{ group: "engineering", entitlement: ALIKE }], onLeaveScope: "keep" },
  });
  made.write("state/app.json", JSON.stringify({ formatVersion: 1, accounts: [{ id: "1", login: "ada", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:everyone"] }], credentials: [] }));
  return made;
}

it("the text plan, the comment's table, its picture and explain show a look-alike entitlement with code points", async () => {
  repo = alikeRepo();
  const text = await repo.cli(["plan", "--format", "text"], {});
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toMatch(new RegExp(`grant +ada ${SHOWN.replace(/\\/g, "\\\\")}`));
  expect(text.stdout).not.toContain(ALIKE);

  const md = await repo.cli(["plan", "--format", "markdown"], {});
  expect(md.code, md.stderr).toBe(0);
  // mdCode writes every character but letters and digits as an entity: the backslash is &#92;, the
  // look-alike no entity of its own (&#1077;).
  expect(md.stdout).toContain("<code>group&#58;&#92;u0435veryone</code>");
  expect(md.stdout).not.toContain("&#1077;");
  expect(md.stdout).toMatch(/```mermaid[\s\S]*app group:\\u0435veryone"/);
  expect(md.stdout).not.toContain(ALIKE);

  const explained = await repo.cli(["explain", "ada"], {});
  expect(explained.code, explained.stderr).toBe(0);
  expect(explained.stdout).toContain(SHOWN);
  expect(explained.stdout).not.toContain(ALIKE);
});
