import { maskUrlCredentials } from "./webhook-url";

describe("masking a webhook URL's credentials", () => {
  it("when the URL has a password, then it is *** and the username, host, path and query stay", () => {
    expect(maskUrlCredentials("https://user:s3cret@hooks.example.com/parley?token=abc")).toBe(
      "https://user:***@hooks.example.com/parley?token=abc",
    );
    expect(maskUrlCredentials("http://:only-password@hooks.example.com:8080")).toBe(
      "http://:***@hooks.example.com:8080",
    );
  });

  it("when the URL has no password, then it comes back byte for byte, never normalised", () => {
    for (const url of [
      "https://hooks.example.com/parley?token=abc",
      "https://user@hooks.example.com/parley",
      "https://user:@hooks.example.com/parley",
      "HTTPS://Hooks.Example.COM:443/a/../b/./c?x=%7e#frag",
      "http://hooks.example.com",
      "not a url",
    ]) {
      expect(maskUrlCredentials(url)).toBe(url);
    }
  });

  it("when the password holds a ':', an '@' or an escape, then all of it up to the host is masked", () => {
    expect(maskUrlCredentials("https://us%40er:pa:ss@word@hooks.example.com/p")).toBe(
      "https://us%40er:***@hooks.example.com/p",
    );
    expect(maskUrlCredentials("https://user:p%40ss@hooks.example.com")).toBe(
      "https://user:***@hooks.example.com",
    );
  });

  it("when the path or query holds an '@' or ':', then only the authority is read", () => {
    expect(maskUrlCredentials("https://user:pw@hooks.example.com/a@b:c?d=e@f:g#h@i")).toBe(
      "https://user:***@hooks.example.com/a@b:c?d=e@f:g#h@i",
    );
    expect(maskUrlCredentials("https://hooks.example.com/a:b@c")).toBe("https://hooks.example.com/a:b@c");
    expect(maskUrlCredentials("https://user:pw@hooks.example.com?q=1")).toBe(
      "https://user:***@hooks.example.com?q=1",
    );
  });

  it("when the text is spelled in a way the edit would misread, then the normalised URL is shown, never the password", () => {
    const shown = maskUrlCredentials("https://us\ter:pa\tss@hooks.example.com/p");
    expect(shown).not.toMatch(/pa\s*ss/);
    expect(new URL(shown).password).toBe("***");
    expect(new URL(shown).hostname).toBe("hooks.example.com");
  });
});
