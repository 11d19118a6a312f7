// A keys directory holds one `gcloud iam service-accounts keys list --iam-account EMAIL
// --format=json` output per service account. An account whose file is missing would read as an
// account without keys, and its keys would never be revoked nor judged: an export left unfinished
// is not "no keys". A real account can have none (`--managed-by=user` lists none for an account
// without user-managed keys): gcloud prints `[]`, and a file named after the account that holds
// it says so. A file with keys names its account in each key's `name`; an empty one only by its
// own name.
import path from "node:path";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import type { ExportFile } from "../common/export-files.js";

/** What one keys file says about whose keys it holds: the accounts its keys name. */
export interface KeysFileAccounts {
  file: ExportFile;
  accounts: ReadonlySet<string>;
}

/**
 * Refuses a keys directory that lacks a file for an account of the list, naming the account and
 * the file expected, and an empty file whose name is no account's (`[]` of nobody known). A
 * single keys file is the keys of every account, as exported: nothing to check by account.
 * `accounts`: every listed account's e-mail (lower case) and its place in the list.
 */
export function checkKeysPerAccount(context: SourceContext, files: readonly KeysFileAccounts[], accounts: ReadonlyMap<string, { position: string }>): void {
  if (files.length === 0 || !files.every((f) => f.file.inDirectory)) return;
  const covered = new Set<string>();
  for (const { file, accounts: named } of files) {
    const own = path.posix.basename(file.path).replace(/\.json$/i, "").toLowerCase();
    for (const email of named) covered.add(email);
    if (accounts.has(own)) covered.add(own);
    else if (named.size === 0) {
      throw new SourceError(context.name, `${file.path}: holds no keys, and its name is no service account's, so it says nothing about which account has none`, `Name an account's empty keys list after the account (EMAIL.json), or delete the file.`);
    }
  }
  const dir = path.posix.dirname(files[0]!.file.path);
  for (const [email, { position }] of accounts) {
    if (covered.has(email)) continue;
    throw new SourceError(
      context.name,
      `options.keys: no keys file for service account ${email} (${position}): expected ${dir}/${email}.json; a missing file is not "no keys", and its keys would be neither judged nor revoked`,
      `Export it: \`gcloud iam service-accounts keys list --iam-account ${email} --format=json > ${dir}/${email}.json\` (an account without keys gets a file holding []).`,
    );
  }
}
