// Paged API exports carry a continuation marker (@odata.nextLink, nextPageToken). The marker is
// opaque, so a page cannot be matched to the file holding the next one; what can be checked is
// that every page but the last has a marker and the last has none. A last page that still points
// onwards is a truncated export, and reading it would turn the missing people into leavers.
// A lost middle page leaves the markers looking whole: where the page files are numbered, a gap
// in their numbers shows it (page-numbering.ts); a count the export carries (Graph's
// @odata.count) is checked by the adapter that reads it.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { numberingGap } from "./page-numbering.js";

export interface Page {
  path: string;
  hasNext: boolean;
}

const ONE_EXPORT_HINT = "Keep only the pages of one export in the directory, named so that they sort in page order (page-1.json, page-2.json, ...).";

export function checkPageChain(context: SourceContext, pages: readonly Page[], marker: string): void {
  const gap = numberingGap(pages.map((page) => page.path));
  if (gap) {
    const first = pages[0]!.path;
    const folder = first.lastIndexOf("/") > 0 ? first.slice(0, first.lastIndexOf("/")) : ".";
    throw new SourceError(
      context.name,
      `${folder}: ${gap.what}: the export is incomplete`,
      `Export every page again, following ${marker} from the first page to the last, and save them as page-1.json, page-2.json, ... with no number left out.`,
    );
  }
  pages.forEach((page, index) => {
    const last = index === pages.length - 1;
    if (last && page.hasNext) {
      throw new SourceError(
        context.name,
        `${page.path}: ${marker} points to a next page that is not in the export (truncated export)`,
        "Export every page: follow the continuation until a page without it, and save each page as its own file.",
      );
    }
    if (!last && !page.hasNext) {
      throw new SourceError(
        context.name,
        `${page.path}: page has no ${marker} but more page files follow (${pages[index + 1]!.path})`,
        ONE_EXPORT_HINT,
      );
    }
  });
}
