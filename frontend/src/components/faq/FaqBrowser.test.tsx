import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import FAQSection from "../shop/FAQSection";
import CustomerFAQSection from "../customer/CustomerFAQSection";
import { makeArticle, mockFetch, renderWithClient } from "./faq-test-utils";

afterEach(() => vi.unstubAllGlobals());

const payout = makeArticle({
  audience: "shop",
  category: "Payouts",
  question: "My payout is late. What can I do?",
});
const label = makeArticle({
  audience: "shop",
  category: "Shipping",
  question: "How do I buy shipping labels?",
});

test("when the shop FAQ loads, then it asks for the shop audience and groups articles by category", async () => {
  const calls = mockFetch((c) => (c.path === "/api/faq" ? { body: { items: [payout, label] } } : undefined));
  renderWithClient(<FAQSection />);
  expect(screen.getByRole("status", { name: "Loading the FAQ" })).toBeInTheDocument();
  const payouts = await screen.findByRole("region", { name: "Payouts" });
  expect(within(payouts).getByRole("button", { name: payout.question })).toBeInTheDocument();
  expect(calls[0]!.query.get("audience")).toBe("shop");

  await userEvent.click(screen.getByRole("button", { name: /Shipping/ }));
  expect(screen.queryByRole("region", { name: "Payouts" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: label.question })).toBeInTheDocument();
});

test("when the customer searches and presses Enter, then the search is sent at once; nothing found shows an empty state", async () => {
  const calls = mockFetch((c) =>
    c.path === "/api/faq"
      ? { body: { items: c.query.get("q") ? [] : [makeArticle({ audience: "customer" })] } }
      : undefined,
  );
  renderWithClient(<CustomerFAQSection />);
  await screen.findByRole("button", { name: /Question/ });
  await userEvent.type(screen.getByRole("searchbox", { name: "Search the FAQ" }), "teleport{Enter}");
  expect(await screen.findByText("No answers found for “teleport”")).toBeInTheDocument();
  expect(calls.every((c) => c.query.get("audience") === "customer")).toBe(true);
  expect(calls.some((c) => c.query.get("q") === "teleport")).toBe(true);
});

test("when the FAQ cannot be loaded, then an error with a retry is shown", async () => {
  let fail = true;
  mockFetch((c) => {
    if (c.path !== "/api/faq") return undefined;
    return fail
      ? { status: 500, body: { error: { code: "INTERNAL", message: "down" } } }
      : { body: { items: [payout] } };
  });
  renderWithClient(<FAQSection />);
  expect(await screen.findByRole("alert")).toHaveTextContent("The FAQ could not be loaded.");
  fail = false;
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("button", { name: payout.question })).toBeInTheDocument();
});
