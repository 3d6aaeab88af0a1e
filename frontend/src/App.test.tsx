import { render, screen } from "@testing-library/react";
import App from "./App";

test("when the app renders, then it names the product", () => {
  render(<App />);
  expect(screen.getByRole("heading", { name: "Parley" })).toBeInTheDocument();
});
