import { act, render, screen } from "@testing-library/react";
import { usePrefersReducedMotion, useMediaQuery } from "./useMediaQuery";

/** A stand-in for the browser's media queries (jsdom has none): which queries match can change later. */
function mediaQueries(initially: string[]) {
  const matching = new Set(initially);
  const lists = new Map<string, EventTarget & { media: string; readonly matches: boolean }>();
  vi.stubGlobal("matchMedia", (query: string) => {
    let list = lists.get(query);
    if (!list) {
      list = Object.defineProperties(new EventTarget(), {
        media: { value: query },
        matches: { get: () => matching.has(query) },
      }) as EventTarget & { media: string; readonly matches: boolean };
      lists.set(query, list);
    }
    return list;
  });
  return {
    set(query: string, on: boolean) {
      act(() => {
        if (on) matching.add(query);
        else matching.delete(query);
        lists.get(query)?.dispatchEvent(new Event("change"));
      });
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

function Motion() {
  return <p>{usePrefersReducedMotion() ? "still" : "moving"}</p>;
}

test("when the system asks for less motion, then the hook says so, and follows the setting as it changes", () => {
  const media = mediaQueries(["(prefers-reduced-motion: reduce)"]);
  render(<Motion />);
  expect(screen.getByText("still")).toBeInTheDocument();

  media.set("(prefers-reduced-motion: reduce)", false);
  expect(screen.getByText("moving")).toBeInTheDocument();

  media.set("(prefers-reduced-motion: reduce)", true);
  expect(screen.getByText("still")).toBeInTheDocument();
});

test("when another query changes, then a component watching one query keeps its answer", () => {
  const media = mediaQueries([]);
  function Pointer() {
    return <p>{useMediaQuery("(pointer: coarse)") ? "touch" : "mouse"}</p>;
  }
  render(<Pointer />);
  media.set("(prefers-reduced-motion: reduce)", true);
  expect(screen.getByText("mouse")).toBeInTheDocument();
  media.set("(pointer: coarse)", true);
  expect(screen.getByText("touch")).toBeInTheDocument();
});

test("when the browser has no matchMedia, then nothing matches and nothing throws", () => {
  vi.stubGlobal("matchMedia", undefined);
  render(<Motion />);
  expect(screen.getByText("moving")).toBeInTheDocument();
});
