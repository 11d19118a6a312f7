// An app that ignores `count` answers more than asked. With totalResults equal to what it gave,
// its first answer is either its whole list (an app that ignores paging: WSO2 IS,
// wso2/product-is#4601; GitLab before gitlab MR 14892) or the first page of a list it pages by
// startIndex at a page size of its own, reporting that page's size as totalResults (as capped apps
// do: better-auth/better-auth#10398, AWS IAM Identity Center). Read with a pageSize under that
// size, the second was taken whole, and every user past its first page was missing from the plan.
// The page after it (startIndex = 1 + what was read) tells them apart: nothing, or the first page
// again, is the end; new resources are pages, followed until an answer brings nothing new. The
// answers' totalResults must then agree with what was read.

/** One answer of the read: where it started, how many resources it held, what its totalResults said. */
interface Answer {
  startIndex: number;
  held: number;
  said: number;
}

export class OverSizedRead {
  private readonly answers: Answer[];

  /** `count`: what was asked; `firstIds`: pageItemIds of the first answer, which held `held` with totalResults `said`. */
  constructor(private readonly count: number, private readonly firstIds: string, held: number, said: number) {
    this.answers = [{ startIndex: 1, held, said }];
  }

  /**
   * An answer after the first. `more`: new resources, a page to take, and the next to ask for.
   * `end`: nothing more (an empty answer; or the first page again once a page after it was new,
   * which scimmy answers past the end). `unpaged`: the first page again right after it: the app
   * ignores startIndex too, and its first answer was its whole list.
   */
  next(startIndex: number, said: number, resources: readonly unknown[], ids: string): "more" | "end" | "unpaged" {
    if (resources.length === 0) return "end";
    if (ids === this.firstIds) return this.answers.length === 1 ? "unpaged" : "end";
    this.answers.push({ startIndex, held: resources.length, said });
    return "more";
  }

  /**
   * Each answer's totalResults must be its own size (an app that reports its page's) or the number
   * read in all (a true total): any other count contradicts the pages, and what the app holds
   * cannot be told. The message, or undefined when the counts agree.
   */
  contradiction(read: number): string | undefined {
    const odd = this.answers.find((a) => a.said !== a.held && a.said !== read);
    if (odd === undefined) return undefined;
    return `the app ignores count (asked ${this.count}, its first answer held ${this.answers[0]!.held}) and pages by startIndex, but its counts contradict: totalResults ${odd.said} on the page at startIndex ${odd.startIndex} is neither the ${odd.held} resources that page held nor the ${read} its ${this.answers.length} pages held in all (the app changed during the read, or miscounts)`;
  }
}
