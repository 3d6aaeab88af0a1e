import { render, screen } from "@testing-library/react";
import type { FaqStats } from "@parley/contract";
import FaqStatsPanel from "./FaqStatsPanel";

const stats = (sessions: number, deflected: number): FaqStats => ({
  since: null,
  deflection: {
    sessions,
    deflected,
    filed: sessions - deflected,
    rate: sessions === 0 ? 0 : deflected / sessions,
    definition: "Sessions shown suggestions that ended without a ticket.",
  },
  zeroResultSearches: [],
  leastHelpful: [],
});

const rate = () => screen.getByText("Deflection rate").nextElementSibling?.textContent;

test("when nothing has been measured, then the rate is a dash, not 0 %; once measured, it is the share", () => {
  const { rerender } = render(
    <FaqStatsPanel stats={stats(0, 0)} state="ready" period="30" onPeriod={() => {}} />,
  );
  expect(rate()).toBe("—");
  rerender(<FaqStatsPanel stats={stats(8, 2)} state="ready" period="30" onPeriod={() => {}} />);
  expect(rate()).toBe("25%");
  rerender(<FaqStatsPanel stats={stats(3, 0)} state="ready" period="30" onPeriod={() => {}} />);
  expect(rate()).toBe("0%");
});
