import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import NewTicketForm from "./NewTicketForm";
import { ApiError } from "../../services/api/client";
import type { ConnectionStatus } from "../../services/realtime/socket";

// The app's live connection, as AppShell's "Live" dot shows it: set by the test.
const connection = vi.hoisted((): { status: ConnectionStatus } => ({ status: "live" }));
vi.mock("../../hooks/realtime", () => ({ useConnectionStatus: () => connection.status }));

afterEach(() => localStorage.clear());

test("when the server could not be reached and the live connection comes back, then the connection alert goes", async () => {
  const onSubmit = vi
    .fn()
    .mockRejectedValue(new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection."));
  const { rerender } = render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Cannot reach the server");

  connection.status = "reconnecting";
  rerender(<NewTicketForm onSubmit={onSubmit} />);
  expect(screen.getByRole("alert")).toHaveTextContent("Cannot reach the server");
  connection.status = "live";
  rerender(<NewTicketForm onSubmit={onSubmit} />);
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});
