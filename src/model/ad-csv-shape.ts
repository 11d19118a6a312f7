// What makes a CSV file an Active Directory export (`Get-ADUser -Properties * | Export-Csv`,
// `csvde`): a column only AD writes for the account's anchor or login (objectGUID,
// sAMAccountName) beside one for the account's flags or expiry (userAccountControl,
// accountExpires). One such column alone is not enough: an HR system's report may carry the
// worker's AD login, or call a contract's end date "accountExpires" (rv108 H1). The csv source
// requires such a file to read its expiry (sources/csv/ad-expiry.ts), and such a source is no HR
// book of record (employment-records.ts): both ask this one question.

const AD_IDS: ReadonlySet<string> = new Set(["objectguid", "samaccountname"]);
const AD_ACCOUNT: ReadonlySet<string> = new Set(["accountexpires", "useraccountcontrol"]);

/** The AD columns among `names` (as written) when they make an AD export, else undefined. */
export function adExportColumns(names: Iterable<string>): string[] | undefined {
  const found: string[] = [];
  let id = false;
  let account = false;
  for (const name of names) {
    const key = name.trim().toLowerCase();
    if (AD_IDS.has(key)) id = true;
    else if (AD_ACCOUNT.has(key)) account = true;
    else continue;
    found.push(name.trim());
  }
  return id && account ? found : undefined;
}
