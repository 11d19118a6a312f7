// Whether a year, month and day name a real day is worked out by arithmetic (a Date for each of a
// million exported dates was a tenth of reading them); it must say what Date says, for every day
// of every month from 1600 to 2400 (leap centuries included) and for the days just past a month's end.
import { describe, expect, it } from "vitest";
import { isCalendarDate, normaliseDate } from "../../src/sources/common/dates.js";

const byDate = (year: number, month: number, day: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();

describe("calendar dates", () => {
  it("are the days Date knows, 1600 to 2400", () => {
    let checked = 0;
    for (let year = 1600; year <= 2400; year++) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          expect(isCalendarDate(year, month, day), `${year}-${month}-${day}`).toBe(byDate(year, month, day));
          checked++;
        }
      }
    }
    expect(checked).toBe(801 * 14 * 7);
  });

  it("keep 29 February only in leap years", () => {
    expect(normaliseDate("2024-02-29")).toBe("2024-02-29");
    expect(normaliseDate("2000-02-29")).toBe("2000-02-29");
    expect(normaliseDate("1900-02-29")).toBeUndefined();
    expect(normaliseDate("2023-02-29T10:00:00+00:00")).toBeUndefined();
  });
});
