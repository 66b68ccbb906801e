import { describe, expect, test } from "@jest/globals";
import { csvCell, csvRow } from "../../../src/core/transfer/csv.js";

describe("CSV for spreadsheets", () => {
  test("RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; records end with CRLF", () => {
    expect(csvRow(["a", "b,c", 'say "hi"', "two\nlines", "cr\rhere"])).toBe(
      'a,"b,c","say ""hi""","two\nlines","cr\rhere"\r\n',
    );
    expect(csvRow([])).toBe("\r\n");
  });

  test("a text cell a spreadsheet would run as a formula gets a leading ' (= + - @ tab CR)", () => {
    for (const start of ["=", "+", "-", "@", "\t"]) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvCell("\r1")).toBe(`"'\r1"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  test("numbers and booleans are written as they are (a negative number stays a number); absent is empty", () => {
    expect(csvRow([1, 0.25, -3, true, false, undefined, null, ""])).toBe("1,0.25,-3,true,false,,,\r\n");
  });
});
