import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import NewTicketForm from "./NewTicketForm";
import { ApiError } from "../../services/api/client";
import { setConnectionStatus } from "../../../test/fake-socket";

// The socket service is replaced: the test sets the live connection's status (AppShell's "Live" dot).
vi.mock("../../services/realtime/socket", async () =>
  (await import("../../../test/fake-socket")).fakeSocketModule(),
);

afterEach(() => localStorage.clear());

test("when the server could not be reached and the live connection comes back, then the connection alert goes", async () => {
  const onSubmit = vi
    .fn()
    .mockRejectedValue(new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection."));
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.type(screen.getByLabelText("Subject"), "Help");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Something broke");
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Cannot reach the server");

  setConnectionStatus("reconnecting");
  expect(screen.getByRole("alert")).toHaveTextContent("Cannot reach the server");
  setConnectionStatus("live");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});
