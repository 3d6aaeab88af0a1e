import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fileTooLargeMessage, type CreateTicketBody } from "@parley/contract";
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

const unreadable = { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "The image could not be read." };

/** The form filled in, with report.png attached through the file picker. */
async function fillWithAttachment(onSubmit: (input: CreateTicketBody) => Promise<void>) {
  render(<NewTicketForm onSubmit={onSubmit} />);
  await userEvent.click(screen.getByLabelText("Subject"));
  await userEvent.paste("Parcel arrived damaged");
  await userEvent.click(screen.getByLabelText("Message"));
  await userEvent.paste("Photo attached.");
  await userEvent.upload(screen.getByTestId("attach-input"), file("report.png", "image/png"));
}

test("when an attached file was refused, then Create ticket stops, names the file and puts the focus on it", async () => {
  uploadsEndpoint({ refuse: unreadable });
  const onSubmit = vi.fn<(input: CreateTicketBody) => Promise<void>>().mockResolvedValue(undefined);
  await fillWithAttachment(onSubmit);
  expect(await screen.findByText("The image could not be read.")).toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  const remove = screen.getByRole("button", { name: "Remove report.png" });
  await waitFor(() => expect(remove).toHaveFocus());
  expect(remove).toHaveAccessibleDescription("The image could not be read.");
  expect(
    screen.getByText("Remove or replace report.png before creating the ticket: it was not attached."),
  ).toHaveAttribute("role", "alert");
  expect(onSubmit).not.toHaveBeenCalled();

  // Removed with the keyboard: the message goes, the focus lands on "Attach files", and the ticket can go.
  await userEvent.keyboard("{Enter}");
  expect(screen.queryByRole("list", { name: "Files to send" })).not.toBeInTheDocument();
  expect(screen.queryByText(/Remove or replace/)).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Attach files" })).toHaveFocus();
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  expect(onSubmit.mock.calls[0]![0]).not.toHaveProperty("attachmentIds");
});

test("when a file is refused while Create ticket waits for its upload, then the ticket is not filed without it", async () => {
  let release!: () => void;
  uploadsEndpoint({ gate: new Promise<void>((r) => (release = r)), refuse: unreadable });
  const onSubmit = vi.fn<(input: CreateTicketBody) => Promise<void>>().mockResolvedValue(undefined);
  await fillWithAttachment(onSubmit);
  await userEvent.click(screen.getByRole("button", { name: "Create ticket" }));
  expect(await screen.findByRole("button", { name: /Uploading files/ })).toBeInTheDocument();

  release();
  expect(
    await screen.findByText("Remove or replace report.png before creating the ticket: it was not attached."),
  ).toBeInTheDocument();
  await waitFor(() => expect(screen.getByRole("button", { name: "Remove report.png" })).toHaveFocus());
  expect(onSubmit).not.toHaveBeenCalled();
});

test("when a file is refused, then its size is written in a colour that reads on the red chip", async () => {
  uploadsEndpoint({ refuse: unreadable });
  render(<NewTicketForm onSubmit={vi.fn()} />);
  await userEvent.upload(screen.getByTestId("attach-input"), file("report.png", "image/png"));
  await screen.findByText("The image could not be read.");
  const chip = screen.getByRole("listitem", { name: "report.png" });
  // jsdom computes no colours: this pins the class (axe found text-slate-500 on bg-red-50 under 4.5:1).
  const size = within(chip).getByText("2.0 KB");
  expect(size).toHaveClass("text-red-800");
  expect(size).not.toHaveClass("text-slate-500");
});

test("when a file is over the server's limit, then it is refused at once with the server's sentence and not sent", async () => {
  const received = uploadsEndpoint();
  const onSubmit = vi.fn<(input: CreateTicketBody) => Promise<void>>().mockResolvedValue(undefined);
  render(<NewTicketForm onSubmit={onSubmit} maxUploadBytes={1000} />);

  await userEvent.upload(screen.getByTestId("attach-input"), [
    file("scan.pdf", "application/pdf", 1001),
    file("note.txt", "text/plain", 1000),
  ]);
  const list = screen.getByRole("list", { name: "Files to send" });
  const big = within(list).getByRole("listitem", { name: "scan.pdf" });
  expect(big).toHaveTextContent(fileTooLargeMessage(1000));
  // The file at the limit goes; the one over it never leaves the browser.
  await waitFor(() => expect(received.map((r) => r.name)).toEqual(["note.txt"]));
});
