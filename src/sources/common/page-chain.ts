// Paged API exports carry a continuation marker (@odata.nextLink, nextPageToken). The marker is
// opaque, so a page cannot be matched to the file holding the next one; what can be checked is
// that every page but the last has a marker and the last has none. A last page that still points
// onwards is a truncated export, and reading it would turn the missing people into leavers.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

export interface Page {
  path: string;
  hasNext: boolean;
}

export function checkPageChain(context: SourceContext, pages: readonly Page[], marker: string): void {
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
        "Keep only the pages of one export in the directory, named so that they sort in page order (page-1.json, page-2.json, ...).",
      );
    }
  });
}
