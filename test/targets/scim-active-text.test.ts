// Some SCIM apps write `active` as text ("True", "false") rather than the boolean RFC 7643 asks
// for. Read and apply take it the same way: apply confirming a disable by "False" while the read
// took "False" for active would plan the disable again on every run, and never see a disabled
// account to enable or delete.
import { describe, expect, it } from "vitest";
import { toAccount } from "../../src/targets/scim/read.js";

const user = (active: unknown) => ({ id: "u1", userName: "ada", ...(active === undefined ? {} : { active }) }) as Parameters<typeof toAccount>[0];

describe("a SCIM user's active, as the app writes it", () => {
  it.each([
    [false, false],
    ["False", false],
    [" false ", false],
    [true, true],
    ["TRUE", true],
    [undefined, true], // absent: may still have access
    ["yes", true], // not a boolean either way: counted as active, as absent
  ])("%j reads as active %j", (active, expected) => {
    expect(toAccount(user(active), []).active).toBe(expected);
  });
});
