/**
 * The admin's channel overview: each channel by name, set up or not (with what sets it up), its last error;
 * a test alert per channel or for all, whose outcome or refusal is said.
 */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import ChannelsSection from "./ChannelsSection";

const status = (channel: string, configured: boolean, lastError: string | null = null) => ({
  channel,
  configured,
  lastSuccessAt: configured ? "2026-12-01T10:00:00.000Z" : null,
  lastError,
  lastErrorAt: lastError ? "2026-12-01T11:00:00.000Z" : null,
});

function channels(items: Array<ReturnType<typeof status> & { note?: string }>) {
  const tests: unknown[] = [];
  server.use(
    http.get("/api/notifications/channels", () => HttpResponse.json({ items })),
    http.post("/api/notifications/test", async ({ request }) => {
      const body = (await request.json()) as { channel?: string };
      tests.push(body);
      if (body.channel === "whatsapp") {
        return HttpResponse.json(
          {
            error: {
              code: "VALIDATION_FAILED",
              message: "The whatsapp channel is not configured on this server (see docs/notifications.md).",
              requestId: "r1",
            },
          },
          { status: 400 },
        );
      }
      return HttpResponse.json({ eventId: "e1" }, { status: 202 });
    }),
  );
  return tests;
}

test("each channel shows by name whether it is set up, what would set it up, and its last error", async () => {
  channels([
    status("telegram", true, "429 Too Many Requests"),
    status("whatsapp", false),
    status("email", true),
    status("push", false),
    status("webhook", false),
  ]);
  renderWithClient(<ChannelsSection />);
  const table = await screen.findByRole("table");
  const row = (name: string) => within(table).getByRole("rowheader", { name }).closest("tr")!;
  expect(within(row("Telegram")).getByText("Set up")).toBeInTheDocument();
  expect(within(row("Telegram")).getByText(/429 Too Many Requests/)).toBeInTheDocument();
  expect(within(row("WhatsApp")).getByText("Not set up")).toBeInTheDocument();
  expect(
    within(row("WhatsApp")).getByText(/WHATSAPP_TOKEN, WHATSAPP_PHONE_ID and WHATSAPP_TO/),
  ).toBeInTheDocument();
  expect(within(row("Browser push")).getByText(/VAPID_PUBLIC_KEY/)).toBeInTheDocument();
  expect(within(row("Webhook")).getByText("Add a webhook below.")).toBeInTheDocument();
  // Only a channel that is set up has a Test button.
  expect(within(row("WhatsApp")).queryByRole("button")).toBeNull();
  expect(
    within(row("Email")).getByRole("button", { name: "Send a test alert by Email" }),
  ).toBeInTheDocument();
});

test("a channel's note (how WhatsApp sends) shows under its status", async () => {
  channels([{ ...status("whatsapp", true), note: "Sent as the template parley_alert (en_US)." }]);
  renderWithClient(<ChannelsSection />);
  const table = await screen.findByRole("table");
  const row = within(table).getByRole("rowheader", { name: "WhatsApp" }).closest("tr")!;
  expect(within(row).getByText("Sent as the template parley_alert (en_US).")).toBeInTheDocument();
});

test("a test alert goes to one channel or to all, and says it was queued", async () => {
  const tests = channels([status("telegram", true), status("email", true)]);
  const user = userEvent.setup();
  renderWithClient(<ChannelsSection />);
  await user.click(await screen.findByRole("button", { name: "Send a test alert by Telegram" }));
  expect(await screen.findByText(/Test alert queued for Telegram/)).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Send a test alert to every channel" }));
  expect(await screen.findByText(/Test alert queued for every channel set up/)).toBeInTheDocument();
  expect(tests).toEqual([{ channel: "telegram" }, {}]);
});

test("when the server refuses a test alert, then its reason is announced", async () => {
  // The list says WhatsApp is set up, the server (its settings since changed) says it is not.
  channels([status("whatsapp", true)]);
  const user = userEvent.setup();
  renderWithClient(<ChannelsSection />);
  await user.click(await screen.findByRole("button", { name: "Send a test alert by WhatsApp" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "The test alert was not sent: The whatsapp channel is not configured on this server",
  );
});

test("when no channel is set up, then there is nothing to test, and it says so", async () => {
  channels([status("telegram", false), status("email", false)]);
  renderWithClient(<ChannelsSection />);
  expect(
    await screen.findByText("No channel is set up yet, so there is nothing to test."),
  ).toBeInTheDocument();
  expect(screen.queryByRole("button")).toBeNull();
});
