import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Attachment } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import ChatMessage from "../../../components/support/ChatMessage";
import type { ThreadItem } from "../../../types/thread";

const id = (k: number) => `b0000000-0000-4000-8000-${String(k).padStart(12, "0")}`;
const att = (k: number, name: string, contentType: string, thumb: boolean): Attachment => ({
  id: id(k),
  name,
  contentType,
  size: 150_000,
  url: `/api/attachments/${id(k)}`,
  ...(thumb ? { thumbnailUrl: `/api/attachments/${id(k)}/thumbnail` } : {}),
});

const parcel = att(1, "parcel.jpg", "image/jpeg", true);
const label = att(2, "label.png", "image/png", true);
const invoice = att(3, "invoice.pdf", "application/pdf", false);

function message(attachments: Attachment[]): ThreadItem {
  return {
    key: "m1",
    id: "m1",
    clientMessageId: null,
    body: "The parcel arrived crushed.",
    senderType: "shop",
    senderName: "Sam (Acme)",
    createdAt: new Date().toISOString(),
    internal: false,
    attachments,
    delivery: "sent",
  };
}

/**
 * POST /api/attachments/links answers signed URLs, as the server does, for the ids it is asked (leaving out
 * those in `unavailable`); returns the id lists of the requests it received.
 */
function links(unavailable: string[] = []) {
  const asked: string[][] = [];
  server.use(
    http.post("/api/attachments/links", async ({ request }) => {
      const { ids } = (await request.json()) as { ids: string[] };
      asked.push(ids);
      return HttpResponse.json({
        items: ids
          .filter((i) => !unavailable.includes(i))
          .map((i) => ({
            id: i,
            url: `/api/attachments/${i}?exp=1&sig=file`,
            thumbnailUrl: `/api/attachments/${i}/thumbnail?exp=1&sig=thumb`,
            expiresAt: new Date(Date.now() + 600_000).toISOString(),
          })),
      });
    }),
  );
  return asked;
}

test("when a message has images and a PDF, then the images show as signed thumbnails and the PDF as a download chip, all from one request", async () => {
  const asked = links();
  renderWithClient(
    <ul>
      <ChatMessage message={message([parcel, invoice, label])} mine={false} />
    </ul>,
  );
  const images = screen.getByRole("list", { name: "Images" });
  const thumb = await within(images).findByRole("img", { name: "parcel.jpg" });
  await waitFor(() =>
    expect(thumb).toHaveAttribute("src", `/api/attachments/${parcel.id}/thumbnail?exp=1&sig=thumb`),
  );
  expect(within(images).getAllByRole("button")).toHaveLength(2);
  const chip = await screen.findByRole("link", { name: "Download invoice.pdf (146 KB)" });
  expect(chip).toHaveAttribute("href", `/api/attachments/${invoice.id}?exp=1&sig=file`);
  expect(chip).toHaveAttribute("download", "invoice.pdf");
  // The three links came in one request, not one each.
  expect(asked.map((ids) => [...ids].sort())).toEqual([[parcel.id, label.id, invoice.id].sort()]);
});

test("when the server leaves an attachment out of the links, then that one alone shows no link and the others do", async () => {
  links([label.id]);
  renderWithClient(
    <ul>
      <ChatMessage message={message([parcel, invoice, label])} mine={false} />
    </ul>,
  );
  const images = screen.getByRole("list", { name: "Images" });
  await waitFor(() =>
    expect(within(images).getByRole("img", { name: "parcel.jpg" })).toHaveAttribute(
      "src",
      `/api/attachments/${parcel.id}/thumbnail?exp=1&sig=thumb`,
    ),
  );
  expect(await screen.findByRole("link", { name: "Download invoice.pdf (146 KB)" })).toBeInTheDocument();
  const missing = within(images).getByRole("button", { name: "Open image label.png" });
  expect(await within(missing).findByText("Image unavailable")).toBeInTheDocument();
});

test("when a thumbnail is opened, then the lightbox takes focus, arrows move between images, Tab stays inside, Escape closes and focus returns", async () => {
  links();
  const user = userEvent.setup();
  renderWithClient(
    <ul>
      <ChatMessage message={message([parcel, invoice, label])} mine={false} />
    </ul>,
  );
  const opener = screen.getByRole("button", { name: "Open image parcel.jpg" });
  await user.click(opener);

  const dialog = screen.getByRole("dialog", { name: "Image 1 of 2: parcel.jpg" });
  expect(dialog).toHaveAttribute("aria-modal", "true");
  expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  const full = await within(dialog).findByRole("img", { name: "parcel.jpg" });
  expect(full).toHaveAttribute("src", `/api/attachments/${parcel.id}?exp=1&sig=file`);

  await user.keyboard("{ArrowRight}");
  expect(screen.getByRole("dialog", { name: "Image 2 of 2: label.png" })).toBeInTheDocument();
  await user.keyboard("{ArrowRight}"); // wraps around
  expect(screen.getByRole("dialog", { name: "Image 1 of 2: parcel.jpg" })).toBeInTheDocument();
  await user.keyboard("{ArrowLeft}");
  expect(screen.getByRole("dialog", { name: "Image 2 of 2: label.png" })).toBeInTheDocument();

  // Focus is trapped: tabbing through every control comes back round and never leaves the dialog.
  const current = screen.getByRole("dialog");
  await within(current).findByRole("link", { name: "Download" });
  for (let i = 0; i < 6; i++) {
    await user.tab();
    expect(current).toContainElement(document.activeElement as HTMLElement);
  }
  await user.tab({ shift: true });
  expect(current).toContainElement(document.activeElement as HTMLElement);

  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(opener).toHaveFocus();
});

test("when the close button is clicked, then the lightbox closes and focus returns to the thumbnail", async () => {
  links();
  const user = userEvent.setup();
  renderWithClient(
    <ul>
      <ChatMessage message={message([label])} mine />
    </ul>,
  );
  const opener = screen.getByRole("button", { name: "Open image label.png" });
  await user.click(opener);
  expect(screen.getByRole("dialog", { name: "Image 1 of 1: label.png" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Next image" })).not.toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Close" }));
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(opener).toHaveFocus();
});
