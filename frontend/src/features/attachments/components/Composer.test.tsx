import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { setToken } from "../../../services/api/client";
import ChatInput, { type ChatInputProps } from "../../../components/support/ChatInput";
import { useUploads } from "../hooks/useUploads";
import { file, uploadsEndpoint, withNodeFormData } from "../test-helpers";

withNodeFormData();

/** The reply box as the conversation pane wires it: with its own uploads. */
function Composer(props: Omit<ChatInputProps, "uploads">) {
  const uploads = useUploads();
  return <ChatInput {...props} uploads={uploads} />;
}

const picker = () => screen.getByTestId<HTMLInputElement>("attach-input");
const filesToSend = () => screen.getByRole("list", { name: "Files to send" });

test("when a file is picked, then it uploads with a progress bar, and Send waits for it and sends its id", async () => {
  let release!: () => void;
  const received = uploadsEndpoint({ gate: new Promise<void>((r) => (release = r)) });
  const onSend = vi.fn<ChatInputProps["onSend"]>();
  setToken("shop-token");
  render(<Composer onSend={onSend} />);

  await userEvent.upload(picker(), file("invoice.pdf", "application/pdf"));
  const chip = within(filesToSend()).getByRole("listitem", { name: "invoice.pdf" });
  expect(within(chip).getByRole("progressbar", { name: "Uploading invoice.pdf" })).toBeInTheDocument();
  await waitFor(() => expect(received).toHaveLength(1));
  expect(received[0]).toEqual({ name: "invoice.pdf", size: 2048, auth: "Bearer shop-token" });
  setToken(null);

  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Here is the invoice{Enter}");
  expect(await screen.findByRole("button", { name: "Uploading…" })).toBeDisabled();
  expect(onSend).not.toHaveBeenCalled();

  release();
  await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
  const [body, opts] = onSend.mock.calls[0]!;
  expect(body).toBe("Here is the invoice");
  expect(opts.attachments?.map((a) => a.name)).toEqual(["invoice.pdf"]);
  expect(opts.attachments?.[0]?.id).toMatch(/^a0000000-/);
  // Sent: the chip leaves the composer.
  await waitFor(() => expect(screen.queryByRole("list", { name: "Files to send" })).not.toBeInTheDocument());
});

test("when an upload is cancelled, then its chip goes and the reply is sent without it", async () => {
  uploadsEndpoint({ gate: new Promise<void>(() => {}) }); // never answers
  const onSend = vi.fn();
  render(<Composer onSend={onSend} />);

  await userEvent.upload(picker(), file("big-video.mp4", "video/mp4", 50_000));
  await userEvent.click(screen.getByRole("button", { name: "Cancel upload of big-video.mp4" }));
  expect(screen.queryByRole("listitem", { name: "big-video.mp4" })).not.toBeInTheDocument();

  await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Never mind the video{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledWith("Never mind the video", { internal: false }));
});

test.each([
  [415, "UNSUPPORTED_MEDIA_TYPE", "label.pdf: the bytes are not a PDF, so the file was refused."],
  [413, "PAYLOAD_TOO_LARGE", "The file is larger than the 25 MB limit."],
  [400, "VALIDATION_FAILED", "The file field is missing."],
])(
  "when the server refuses a file with %i, then its sentence shows next to that file and the reply goes without it",
  async (status, code, message) => {
    uploadsEndpoint({ refuse: { status, code, message } });
    const onSend = vi.fn();
    render(<Composer onSend={onSend} />);

    await userEvent.upload(picker(), file("label.pdf", "application/pdf"));
    const chip = within(filesToSend()).getByRole("listitem", { name: "label.pdf" });
    expect(await within(chip).findByRole("alert")).toHaveTextContent(message);
    // Nothing to send yet: a refused file does not count as content.
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();

    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Text only then{Enter}");
    await waitFor(() => expect(onSend).toHaveBeenCalledWith("Text only then", { internal: false }));
    // The refused file stays listed with its reason until removed.
    expect(within(filesToSend()).getByRole("listitem", { name: "label.pdf" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Remove label.pdf" }));
    expect(screen.queryByRole("list", { name: "Files to send" })).not.toBeInTheDocument();
  },
);

test("when 11 files are picked, then 10 upload and the eleventh is refused on the spot with the limit", async () => {
  const received = uploadsEndpoint();
  render(<Composer onSend={() => {}} />);

  const files = Array.from({ length: 11 }, (_, i) => file(`photo-${i + 1}.png`, "image/png", 100));
  await userEvent.upload(picker(), files);
  const eleventh = within(filesToSend()).getByRole("listitem", { name: "photo-11.png" });
  expect(within(eleventh).getByRole("alert")).toHaveTextContent("At most 10 attachments per message");
  await waitFor(() => expect(received).toHaveLength(10));
  expect(received.map((r) => r.name)).not.toContain("photo-11.png");
  expect(within(filesToSend()).getAllByRole("alert")).toHaveLength(1);
});

test("when a screenshot is pasted into an empty reply, then it uploads under a screenshot name and Enter sends it", async () => {
  const received = uploadsEndpoint();
  const onSend = vi.fn<ChatInputProps["onSend"]>();
  render(<Composer onSend={onSend} />);

  const box = screen.getByRole("textbox", { name: "Reply" });
  const png = file("image.png", "image/png", 512);
  const clipboardData = { files: [png], items: [], types: ["Files"], getData: () => "" };
  fireEvent.paste(box, { clipboardData });

  await waitFor(() => expect(received).toHaveLength(1));
  expect(received[0]!.name).toMatch(/^screenshot-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.png$/);
  const chip = await within(filesToSend()).findByRole("listitem", { name: /^screenshot-/ });
  await waitFor(() => expect(within(chip).queryByRole("progressbar")).not.toBeInTheDocument());

  box.focus();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
  const [body, opts] = onSend.mock.calls[0]!;
  expect(body).toBe(received[0]!.name); // a message of files only is titled by their names
  expect(opts.attachments).toHaveLength(1);
});

test("when files are removed with the keyboard, then the focus goes to the next file, and to the reply box after the last", async () => {
  uploadsEndpoint();
  render(<Composer onSend={() => {}} />);
  await userEvent.upload(picker(), [file("a.png", "image/png", 100), file("b.png", "image/png", 100)]);
  const removeA = await screen.findByRole("button", { name: "Remove a.png" });
  await screen.findByRole("button", { name: "Remove b.png" });

  removeA.focus();
  await userEvent.keyboard("{Enter}");
  expect(screen.getByRole("button", { name: "Remove b.png" })).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  expect(screen.queryByRole("list", { name: "Files to send" })).not.toBeInTheDocument();
  expect(screen.getByRole("textbox", { name: "Reply" })).toHaveFocus();
});

test("when Send is pressed from the keyboard while a file uploads, then the reply box takes the focus while the reply waits and keeps it once it goes", async () => {
  let release!: () => void;
  uploadsEndpoint({ gate: new Promise<void>((r) => (release = r)) });
  const onSend = vi.fn<ChatInputProps["onSend"]>();
  render(<Composer onSend={onSend} />);

  await userEvent.upload(picker(), file("invoice.pdf", "application/pdf"));
  const box = screen.getByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Here is the invoice");
  await userEvent.tab();
  expect(screen.getByRole("button", { name: "Send" })).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  // "Uploading…" is disabled (one reply, sent once): the focus is not left on it (a browser drops it to
  // <body>) but in the box, whose description says the reply goes when the files are in.
  expect(await screen.findByRole("button", { name: "Uploading…" })).toBeDisabled();
  expect(box).toHaveFocus();
  expect(box).toHaveAccessibleDescription("Sending when the files are uploaded…");

  release();
  await waitFor(() => expect(onSend).toHaveBeenCalledTimes(1));
  expect(box).toHaveFocus();
});
