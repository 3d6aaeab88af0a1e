import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { CreateTicketBody } from "@parley/contract";
import NewTicketForm from "../../../components/support/NewTicketForm";
import { file, uploadsEndpoint, withNodeFormData } from "../test-helpers";

withNodeFormData();

test("when files are dropped on and pasted into the new-ticket form, then the ticket is created with both ids once they are up", async () => {
  let release!: () => void;
  const received = uploadsEndpoint({ gate: new Promise<void>((r) => (release = r)) });
  const onSubmit = vi.fn<(input: CreateTicketBody) => Promise<void>>().mockResolvedValue(undefined);
  render(<NewTicketForm onSubmit={onSubmit} />);

  const form = screen.getByRole("form", { name: "New ticket" });
  const label = file("label.pdf", "application/pdf");
  fireEvent.dragEnter(form, { dataTransfer: { types: ["Files"], files: [label] } });
  expect(screen.getByText("Drop files to attach them")).toBeInTheDocument();
  fireEvent.drop(form, { dataTransfer: { types: ["Files"], files: [label] } });
  expect(screen.queryByText("Drop files to attach them")).not.toBeInTheDocument();

  await userEvent.click(screen.getByLabelText("Subject"));
  await userEvent.paste("Parcel arrived damaged");
  const message = screen.getByLabelText("Message");
  fireEvent.paste(message, {
    clipboardData: { files: [file("image.png", "image/png", 300)], types: ["Files"], getData: () => "" },
  });
  await userEvent.click(message);
  await userEvent.paste("Photo and label attached.");
  await waitFor(() => expect(received).toHaveLength(2));
  const list = screen.getByRole("list", { name: "Files to send" });
  expect(within(list).getAllByRole("listitem")).toHaveLength(2);

  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("button", { name: /Uploading files/ })).toBeInTheDocument();
  expect(onSubmit).not.toHaveBeenCalled();

  release();
  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  const input = onSubmit.mock.calls[0]![0];
  expect(input).toMatchObject({ subject: "Parcel arrived damaged", message: "Photo and label attached." });
  expect(input.attachmentIds).toHaveLength(2);
  expect(received.map((r) => r.name)).toEqual(["label.pdf", expect.stringMatching(/^screenshot-.*\.png$/)]);
});
