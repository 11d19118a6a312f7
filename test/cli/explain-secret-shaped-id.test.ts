// A person whose UserID in the HR export is a key (pasted there by mistake) is renamed to their
// anchor, hr:W1, from resolution on (model/secret-free-identities.ts). The person looking into it
// has the export open and asks explain by what they see there: explain finds the person by it and
// says they are shown under their anchor, and nothing it prints holds the key (the plan does not
// either). Before, only `explain hr:W1` found them.
import { afterEach, expect, it } from "vitest";
import { engineeringFileRepo, type PolicyRepo } from "../apply/helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const KEY = ["ghp", "Expl41nT0kenValue0123456789abcdefABCD"].join("_");
const OTHER = ["ghp", "N0b0dyT0kenValue0123456789abcdefABCDE"].join("_");
const leak = (text: string) => text.toLowerCase().includes(KEY.slice(4, 20).toLowerCase()) || text.toLowerCase().includes(OTHER.slice(4, 20).toLowerCase());

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

it("explain by the key as the export holds it finds the person, shown under their anchor, and prints no key", async () => {
  repo = engineeringFileRepo(
    [
      { worker: "W1", login: KEY, first: "Ada", email: "ada@corp.example", department: "Engineering" },
      { worker: "W2", login: "bob", department: "Engineering", manager: "W1" },
    ],
    ["displayName"],
    [],
  );
  const byAnchor = await repo.cli(["explain", "hr:W1"], {});
  expect(byAnchor.code, byAnchor.stderr).toBe(0);
  // As the export spells it, and as a login is compared (lower case, spaces around it).
  for (const asked of [KEY, ` ${KEY.toLowerCase()} `]) {
    const r = await repo.cli(["explain", asked], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(byAnchor.stdout);
    expect(r.stderr).toBe("explain: the name asked looks like a secret (GitHub token), so it is not shown: the person whose login it is is shown under their anchor, hr:W1\n");
    expect(leak(r.stdout + r.stderr), r.stdout + r.stderr).toBe(false);
  }
  const planned = await repo.cli(["plan", "--format", "json"], {});
  expect(leak(planned.stdout + planned.stderr)).toBe(false);
});

it("explain by a key that is no one's login says so, without the key", async () => {
  repo = engineeringFileRepo([{ worker: "W1", login: KEY, first: "Ada", email: "ada@corp.example", department: "Engineering" }], ["displayName"], []);
  const r = await repo.cli(["explain", OTHER], {});
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    [
      "error: no identity or account has the name asked, which looks like a secret (GitHub token), so it is not shown",
      "  fix: an identity whose login or id looks like a secret is shown under its anchor (hr:W1001): scopesync identities lists every identity; ask by the anchor, and rotate the key wherever an export holds it",
      "",
    ].join("\n"),
  );
  expect(leak(r.stdout + r.stderr)).toBe(false);
});
