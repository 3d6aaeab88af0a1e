import { renderDigest, type RenderedAlert } from "./notification";
import { templateParameter, templateParameters, TEMPLATE_TITLE_MAX } from "./whatsapp-template";

/** What Meta refuses in a template's text parameter: a break or tab, five spaces in a row, nothing. */
const refusedByMeta = (p: string) => /[\r\n\t\v\f\u0085\u2028\u2029]/.test(p) || / {5}/.test(p) || p === "";

test("a parameter keeps its words on one line: breaks become a dot, runs of spaces one space, nothing a dash", () => {
  expect(templateParameter("Line one\r\n\n  line two\tcell\u2028end", 100)).toBe(
    "Line one · line two · cell · end",
  );
  expect(templateParameter("wide      gap", 100)).toBe("wide gap");
  expect(templateParameter(" \n\t ", 100)).toBe("–");
  expect(templateParameter("", 100)).toBe("–");
});

test("a long parameter is cut at a whole character with an ellipsis", () => {
  const cut = templateParameter(`${"a".repeat(TEMPLATE_TITLE_MAX - 2)}😀😀`, TEMPLATE_TITLE_MAX);
  expect(cut).toHaveLength(TEMPLATE_TITLE_MAX - 1);
  expect(cut.endsWith("a…")).toBe(true);
});

test("an alert and a digest become three parameters WhatsApp takes: title, preview, link", () => {
  const alert = (n: number): RenderedAlert => ({
    title: `New ticket #${n} from Acme: Parcel ${n}`,
    text: "",
    link: `https://desk.example.test/admin?ticket=t${n}`,
    preview: n === 2 ? "" : `Where is parcel ${n}?`,
  });
  expect(templateParameters(alert(1))).toEqual([
    "New ticket #1 from Acme: Parcel 1",
    "Where is parcel 1?",
    "https://desk.example.test/admin?ticket=t1",
  ]);
  expect(templateParameters(alert(2))[1]).toBe("–");
  // A digest's preview lists its titles one per line: on one line here.
  const digest = renderDigest([alert(1), alert(3)], "admin", "https://desk.example.test", 4);
  const params = templateParameters(digest);
  expect(params[0]).toBe("6 new alerts in Parley");
  expect(params[1]).toBe(
    "New ticket #1 from Acme: Parcel 1 · New ticket #3 from Acme: Parcel 3 · and 4 more",
  );
  expect(params[2]).toBe("https://desk.example.test/admin");
  expect(params.some(refusedByMeta)).toBe(false);
});
