import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import TeamScreen from "./TeamScreen";

test("when the team lists admins, then each presence dot is an image named online or offline (axe: no aria-label on a plain span)", async () => {
  server.use(
    http.get("/api/team/settings", () => HttpResponse.json({ autoAssign: false })),
    http.get("/api/admins", () =>
      HttpResponse.json({
        items: [
          {
            id: "a1",
            name: "Ada",
            email: "ada@x.test",
            active: true,
            online: true,
            invited: false,
            openTickets: 0,
            skills: [],
          },
          {
            id: "a2",
            name: "Bo",
            email: "bo@x.test",
            active: true,
            online: false,
            invited: false,
            openTickets: 1,
            skills: [],
          },
        ],
      }),
    ),
  );
  renderWithClient(<TeamScreen />);
  expect(await screen.findByRole("img", { name: "online" })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "offline" })).toBeInTheDocument();
});
