import { summariseLive, withoutRecounted } from "./daily-summary";
import { bucketOf } from "./histogram";

describe("summariseLive", () => {
  test("when tickets were created or resolved in the live spans, then each counts by what happened there", () => {
    const s = summariseLive([
      // created in the span, answered, breached
      {
        createdDay: "2026-03-02",
        resolvedDay: null,
        clocked: true,
        breached: true,
        firstResponseMs: 60_000,
        resolutionMs: null,
      },
      // created and resolved in the span
      {
        createdDay: "2026-03-02",
        resolvedDay: "2026-03-03",
        clocked: true,
        breached: false,
        firstResponseMs: 1000,
        resolutionMs: 7_200_000,
      },
      // created earlier, resolved in the span: its first response and breach belong to its creation day
      {
        createdDay: null,
        resolvedDay: "2026-03-03",
        clocked: true,
        breached: true,
        firstResponseMs: 5,
        resolutionMs: 3_600_000,
      },
      // without a clock (filed before SLAs existed)
      {
        createdDay: "2026-03-03",
        resolvedDay: null,
        clocked: false,
        breached: false,
        firstResponseMs: null,
        resolutionMs: null,
      },
    ]);
    expect(s).toMatchObject({ created: 3, resolved: 2, slaTotal: 2, slaBreached: 1 });
    expect(s.firstResponse).toEqual(
      new Map([
        [bucketOf(60_000), 1],
        [bucketOf(1000), 1],
      ]),
    );
    expect(s.resolution).toEqual(
      new Map([
        [bucketOf(7_200_000), 1],
        [bucketOf(3_600_000), 1],
      ]),
    );
    expect(s.perDay).toEqual(
      new Map([
        ["2026-03-02", { created: 2, resolved: 0 }],
        ["2026-03-03", { created: 1, resolved: 2 }],
      ]),
    );
  });
});

describe("withoutRecounted", () => {
  const table = {
    created: 4,
    resolved: 3,
    slaTotal: 4,
    slaBreached: 1,
    firstResponse: new Map([[bucketOf(1000), 4]]),
    resolution: new Map([
      [bucketOf(60_000), 2],
      [bucketOf(3_600_000), 1],
    ]),
  };
  const series = [
    { date: "2026-03-02", created: 4, resolved: 1 },
    { date: "2026-03-03", created: 0, resolved: 2 },
  ];

  test("when the live part counts tickets again, then their earlier resolutions leave the table's figures", () => {
    const out = withoutRecounted(table, series, [
      { day: "2026-03-03", bucket: bucketOf(3_600_000) },
      { day: "2026-03-03", bucket: null },
    ]);
    expect(out.totals).toEqual({ ...table, resolved: 1, resolution: new Map([[bucketOf(60_000), 2]]) });
    expect(out.series).toEqual([series[0], { date: "2026-03-03", created: 0, resolved: 0 }]);
    // The table's own figures are not changed in place.
    expect(table.resolution.get(bucketOf(3_600_000))).toBe(1);
  });

  test("when nothing is counted again, then the table's figures stay as they are", () => {
    expect(withoutRecounted(table, series, [])).toEqual({ totals: table, series });
  });
});
