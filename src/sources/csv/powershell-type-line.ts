// Windows PowerShell 5.1's Export-Csv writes, unless given -NoTypeInformation, a first line of
// "#TYPE" and the object's type ("#TYPE Microsoft.ActiveDirectory.Management.ADUser") before the
// header: "By default, the first line of the CSV file contains #TYPE followed by the
// fully-qualified name of the type of the object" (learn.microsoft.com/powershell/module/
// microsoft.powershell.utility/export-csv?view=powershell-5.1, -NoTypeInformation). Read as the
// header, it made every mapped column missing on line 1 (rv99 #4), sending the admin to look for a
// column that is on line 2. It is refused by name rather than read past: the same defaults write
// ASCII (-Encoding, "The default value is ASCII"), which turns every letter outside it into "?",
// so a file exported with them needs exporting again anyway.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

const TYPE_LINE = /^\uFEFF?#TYPE[ \t]/;

export function powershellTypeLineError(context: SourceContext, shown: string, text: string): SourceError | undefined {
  if (!TYPE_LINE.test(text)) return undefined;
  return new SourceError(
    context.name,
    `${shown} line 1 is a PowerShell type line ("#TYPE …", which Windows PowerShell's Export-Csv writes before the header), not the header`,
    "Export with -NoTypeInformation -Encoding UTF8 (Export-Csv in Windows PowerShell 5.1 writes the type line and ASCII text, \"?\" for any other letter, unless told otherwise), or delete line 1 when the export was made with -Encoding UTF8 or Unicode.",
  );
}
