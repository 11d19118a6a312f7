// A secret setting of a target (`${env:NAME}` in scopesync.yaml) resolved from the environment and
// registered with the redactor at once, so that no message, journal line or output can carry it
// even where a server or library echoes it back. Only the reference is ever named in an error.
import { envReferenceName } from "../model/env-ref.js";
import { registerSecret } from "../model/redact.js";
import type { ConnectorContext } from "./connector.js";
import { TargetError } from "./target-error.js";

/**
 * The value `written` refers to; `setting` is its path for messages ("token", "options.accessKeyId").
 * `secret: false` for an identifier that only travels with a secret (an AWS access key id): masking
 * it would blank out the same id where a plan rightly names it.
 */
export function envSecret(target: string, setting: string, written: string | undefined, env: ConnectorContext["env"], what: string, secret = true): string {
  const variable = envReferenceName(written);
  if (!variable) {
    throw new TargetError(target, written === undefined ? `has no ${setting}` : `${setting} must be a reference like \${env:NAME}, never the value itself`, {
      hint: `set targets.${target}.${setting} to "\${env:NAME}" and export ${what} in NAME`,
    });
  }
  const value = env[variable];
  if (!value) throw new TargetError(target, `${setting} variable ${variable} is not set`, { hint: `export ${variable} with ${what}` });
  if (secret) registerSecret(value);
  return value;
}
