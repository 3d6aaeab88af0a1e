import { act, render, screen } from "@testing-library/react";
import { useVisualViewport } from "./useVisualViewport";

/** A stand-in for window.visualViewport (jsdom has none): its height and pinch-zoom scale can be set. */
class FakeVisualViewport extends EventTarget {
  constructor(
    public height: number,
    public scale = 1,
  ) {
    super();
  }
}

let vv: FakeVisualViewport;
const saved = { width: window.innerWidth, height: window.innerHeight };

/** A window of `width`×`height` CSS px, with nothing covering it. */
function windowOf(width: number, height: number) {
  window.innerWidth = width;
  window.innerHeight = height;
  vv = new FakeVisualViewport(height);
  Object.defineProperty(window, "visualViewport", { value: vv, configurable: true });
}

/** The visible part changes (a keyboard, a pinch zoom); on Android the layout viewport follows. */
function resize(visible: { height: number; scale?: number; layoutToo?: boolean }) {
  act(() => {
    vv.height = visible.height;
    vv.scale = visible.scale ?? 1;
    if (visible.layoutToo) window.innerHeight = visible.height;
    vv.dispatchEvent(new Event("resize"));
    window.dispatchEvent(new Event("resize"));
  });
}

async function focus(el: HTMLElement) {
  await act(async () => {
    el.focus();
    await new Promise((r) => setTimeout(r, 0));
  });
}

function Probe() {
  const { compact, height } = useVisualViewport();
  return (
    <>
      <output aria-label="compact">{String(compact)}</output>
      <output aria-label="height">{height}</output>
      <textarea aria-label="Reply" />
      <button type="button">Send</button>
    </>
  );
}
const compact = () => screen.getByLabelText("compact").textContent;

afterEach(() => {
  window.innerWidth = saved.width;
  window.innerHeight = saved.height;
  Reflect.deleteProperty(window, "visualViewport");
});

test("when a desktop window is at 200 % zoom (640×400 CSS px) with no keyboard, then the frame is not compact, even while typing", async () => {
  windowOf(640, 400);
  render(<Probe />);
  expect(compact()).toBe("false");
  await focus(screen.getByRole("textbox", { name: "Reply" }));
  expect(compact()).toBe("false");
});

test("when a phone lies on its side (667×375) and nothing is typed, then the frame is not compact", () => {
  windowOf(667, 375);
  render(<Probe />);
  expect(compact()).toBe("false");
});

test("when the keyboard comes up on an iPhone (the visual viewport shrinks, the layout does not), then the frame is compact until the field is left", async () => {
  windowOf(375, 667);
  render(<Probe />);
  await focus(screen.getByRole("textbox", { name: "Reply" }));
  resize({ height: 380 });
  expect(compact()).toBe("true");
  expect(screen.getByLabelText("height")).toHaveTextContent("380");

  await focus(screen.getByRole("button", { name: "Send" }));
  resize({ height: 667 });
  expect(compact()).toBe("false");
});

test("when the keyboard comes up on Android (the layout viewport shrinks as well), then the frame is compact", async () => {
  windowOf(412, 780);
  render(<Probe />);
  await focus(screen.getByRole("textbox", { name: "Reply" }));
  resize({ height: 400, layoutToo: true });
  expect(compact()).toBe("true");
});

test("when the user pinch-zooms into the reply box, then the smaller visible area is not taken for a keyboard", async () => {
  windowOf(375, 667);
  render(<Probe />);
  await focus(screen.getByRole("textbox", { name: "Reply" }));
  resize({ height: 333, scale: 2 });
  expect(compact()).toBe("false");
});
