// A state file (state/<target>.json, written by `state pull` and `import`) is committed to git, so
// whatever an app holds that looks like a secret must not go into it: a token in a SCIM custom
// attribute, a password in a URL someone saved as a profile field. An account's attribute values
// are data the planner only compares and shows (a change's `from`, masked in every plan format):
// such a value is written masked, with notShown's text, and said; a plan from the state file then
// updates it to the source's value as a live plan does. Everything else in the file (an account's
// id, login and mark, entitlement and group names, a credential's fields) names something the
// planner and apply act on: masked, it would name nothing, or another account, so the pull is
// refused instead, naming where the value is and never the value, before any file is written.
import { ScopesyncError } from "../model/errors.js";
import { hiddenSecretShape, maskSecretShapes } from "../model/secret-shapes.js";
import type { TargetAccount, TargetState } from "../model/target-state.js";

/** One attribute value written masked: the account by its login, the attribute, the secret's kind. */
export interface MaskedStateValue { login: string; attribute: string; shape: string }

/**
 * The state with every secret-shaped attribute value masked, and what was masked; the same state
 * when nothing was. Throws when a secret-shaped value is anywhere else (see the file's head).
 */
export function secretFreeState(state: TargetState, target: string, path: string): { state: TargetState; masked: MaskedStateValue[] } {
  refuseSecretsOutsideAttributes(state, target, path);
  const masked: MaskedStateValue[] = [];
  let changed = false;
  const accounts = state.accounts.map((account) => {
    const attributes = maskedAttributes(account, masked);
    if (attributes === account.attributes) return account;
    changed = true;
    return { ...account, attributes };
  });
  return { state: changed ? { ...state, accounts } : state, masked };
}

function maskedAttributes(account: TargetAccount, masked: MaskedStateValue[]): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(account.attributes)) {
    const shape = typeof value === "string" ? hiddenSecretShape(value) : undefined;
    if (shape === undefined) continue;
    (out ??= { ...account.attributes })[name] = maskSecretShapes(value);
    masked.push({ login: account.login, attribute: name, shape });
  }
  return out ?? account.attributes;
}

/** The first secret-shaped value outside accounts' attributes, refused with its place in the file. */
function refuseSecretsOutsideAttributes(state: TargetState, target: string, path: string): void {
  const refuse = (where: string, shape: string): never => {
    throw new ScopesyncError(
      `target "${target}": ${where} looks like a secret (${shape}); state pull writes nothing, for ${path} is committed to git, and that value names what the plan acts on, so it cannot be written masked either`,
      `remove or rename it in the app and rotate the secret (whoever can read the app has it), then pull again`,
    );
  };
  const check = (value: unknown, where: () => string): void => {
    if (typeof value === "string") {
      const shape = hiddenSecretShape(value);
      if (shape !== undefined) refuse(where(), shape);
    } else if (Array.isArray(value)) value.forEach((v, i) => check(v, () => `${where()}[${i}]`));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) check(v, () => `${where()}.${k}`);
  };
  state.accounts.forEach((account, i) => {
    // Named by its id where that is not the secret: the id is what finds it in the app.
    const which = () => `account ${i + 1} of the read${hiddenSecretShape(account.id) === undefined ? ` (id ${JSON.stringify(account.id)})` : ""}`;
    check(account.id, () => `the id of ${which()}`);
    check(account.login, () => `the login of ${which()}`);
    check(account.externalId, () => `the externalId of ${which()}`);
    check(account.entitlements, () => `the entitlements of ${which()}`);
  });
  check(state.credentials, () => "credentials");
  check(state.groups, () => "groups");
  check(state.groupIds, () => "groupIds");
  check(state.privileged, () => "privileged");
}

/** The warning state pull and import print for each masked value. */
export function maskedStateWarning(target: string, path: string, m: MaskedStateValue): string {
  return `warning: target "${target}": account "${m.login}" holds a ${m.attribute} that looks like a secret (${m.shape}); it is written masked to ${path}, which is committed to git: remove it from the app and rotate it`;
}
