// Line and column numbers in messages, consecutive runs written as one range ("5 to 9, 12"), at
// most SHOWN runs and a count of the rest: an export with 10,000 empty rows gives a short line.

const SHOWN = 10;

/** Ascending numbers as ranges: "3", "3 and 4", "3 to 6, 9". */
export function numberRanges(numbers: readonly number[]): string {
  const runs: string[] = [];
  let rest = 0;
  let start = 0;
  for (let i = 0; i < numbers.length; i++) {
    if (i + 1 < numbers.length && numbers[i + 1] === numbers[i]! + 1) continue;
    const first = numbers[start]!;
    const last = numbers[i]!;
    if (runs.length < SHOWN) runs.push(first === last ? `${first}` : last === first + 1 ? `${first}, ${last}` : `${first} to ${last}`);
    else rest += i - start + 1;
    start = i + 1;
  }
  return rest === 0 ? runs.join(", ") : `${runs.join(", ")} and ${rest} more`;
}
