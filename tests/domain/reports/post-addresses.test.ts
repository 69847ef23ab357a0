import { describe, expect, it } from "vitest";
import { readEvidenceForm } from "~/domain/reports/evidence-items";
import { describePostAddress, groupByProfile, MAX_POST_ADDRESSES, normalisePostAddress, parsePostAddresses } from "~/domain/reports/post-addresses";

describe("post addresses: one address", () => {
  it("lowercases the host, drops tracking parameters, the fragment and a trailing slash", () => {
    expect(normalisePostAddress("https://WWW.Facebook.com/Hans.Hader/posts/123/?utm_source=share&fbclid=abc#x")).toBe("https://facebook.com/Hans.Hader/posts/123");
    expect(normalisePostAddress("https://twitter.com/hater/status/1?s=20&t=xyz")).toBe("https://x.com/hater/status/1");
    expect(normalisePostAddress("https://mobile.twitter.com/hater/status/1")).toBe("https://x.com/hater/status/1");
    // A video's id is part of the address; only the share tracking goes.
    expect(normalisePostAddress("https://www.youtube.com/watch?v=abc123&si=trk&utm_medium=x")).toBe("https://youtube.com/watch?v=abc123");
    expect(normalisePostAddress("x.com/hater/status/9")).toBe("https://x.com/hater/status/9");
  });

  it("refuses what is not a web address", () => {
    for (const junk of ["hello there", "javascript:alert(1)", "ftp://example.com/x", "https://user:pw@x.com/a", "mailto:a@b.dk", "localhost/x", "", "   "]) {
      expect(normalisePostAddress(junk), junk).toBeNull();
    }
  });

  it("finds the profile per platform", () => {
    expect(describePostAddress("https://x.com/Hater1/status/1")).toMatchObject({ platform: "x", profile: "@Hater1", profileUrl: "https://x.com/Hater1" });
    expect(describePostAddress("https://www.instagram.com/p/Cabc/")).toMatchObject({ platform: "instagram", profile: null });
    expect(describePostAddress("https://www.instagram.com/troll.dk/")).toMatchObject({ platform: "instagram", profile: "troll.dk" });
    expect(describePostAddress("https://www.tiktok.com/@trold/video/71")).toMatchObject({ platform: "tiktok", profile: "@trold" });
    expect(describePostAddress("https://bsky.app/profile/hater.bsky.social/post/3k")).toMatchObject({ platform: "bluesky", profile: "hater.bsky.social" });
    expect(describePostAddress("https://www.reddit.com/user/spam/comments/1")).toMatchObject({ platform: "reddit", profile: "u/spam" });
    expect(describePostAddress("https://www.threads.net/@hader/post/C1")).toMatchObject({ platform: "threads", profile: "@hader" });
    expect(describePostAddress("https://www.linkedin.com/in/someone/")).toMatchObject({ platform: "linkedin", profile: "someone" });
    expect(describePostAddress("https://www.facebook.com/permalink.php?story_fbid=1&id=42")).toMatchObject({ platform: "facebook", profile: "42" });
    expect(describePostAddress("https://www.youtube.com/@kanal/videos")).toMatchObject({ platform: "youtube", profile: "@kanal" });
    expect(describePostAddress("https://forum.example.dk/t/123")).toMatchObject({ platform: "forum.example.dk", profile: null });
  });
});

describe("post addresses: a pasted list", () => {
  it("reads 500 lines with duplicates and junk: the good ones deduplicated and grouped, the junk by line number", () => {
    const lines: string[] = [];
    for (let index = 0; index < 450; index++) lines.push(`https://x.com/account${index % 9}/status/${1000 + index}`);
    // The same posts again, written differently: other case, tracking, trailing slash, twitter.com.
    for (let index = 0; index < 40; index++) lines.push(`https://Twitter.com/account${index % 9}/status/${1000 + index}/?utm_source=x`);
    lines.push("", "not an address", "   ", "javascript:alert(1)");
    for (let index = 0; index < 6; index++) lines.push(`https://www.facebook.com/story.php?story_fbid=${index}&id=777`);
    expect(lines).toHaveLength(500);
    const result = parsePostAddresses(lines.join("\r\n"));
    if (!result.ok) throw new Error("refused");
    expect(result.posts).toHaveLength(456);
    expect(result.duplicates).toBe(40);
    expect(result.problems).toEqual([
      { line: 492, problem: "notAnAddress" },
      { line: 494, problem: "notAnAddress" },
    ]);
    const x = result.groups.filter((group) => group.platform === "x");
    expect(x).toHaveLength(9);
    expect(x.reduce((sum, group) => sum + group.posts.length, 0)).toBe(450);
    expect(result.groups.find((group) => group.platform === "facebook")).toMatchObject({ profile: "777" });
    // The first appearance keeps its line.
    expect(result.posts[0]).toMatchObject({ url: "https://x.com/account0/status/1000", line: 1 });
  });

  it("reads a platform's CSV export by its url column, quotes and semicolons included", () => {
    const csv = ['Date;"Author";Link;Text', '2025-11-01;hater;https://x.com/hater/status/1;"hej; med dig"', '2025-11-01;hater;"https://x.com/hater/status/2?s=1";x', "2025-11-02;other;;no link", "2025-11-02;bad;nope;x"].join("\n");
    const result = parsePostAddresses(csv);
    if (!result.ok) throw new Error("refused");
    expect(result.posts.map((post) => post.url)).toEqual(["https://x.com/hater/status/1", "https://x.com/hater/status/2"]);
    expect(result.problems).toEqual([{ line: 5, problem: "notAnAddress" }]);
    expect(result.groups).toHaveLength(1);
    const commas = parsePostAddresses("url,comment\nhttps://bsky.app/profile/a.b/post/1,\"x, y\"\n");
    expect(commas.ok && commas.posts.map((post) => post.url)).toEqual(["https://bsky.app/profile/a.b/post/1"]);
  });

  it("refuses 501 distinct addresses as a whole, but takes 500 and duplicates beyond them", () => {
    const many = (count: number) => Array.from({ length: count }, (_, index) => `https://x.com/a/status/${index}`);
    expect(parsePostAddresses(many(501).join("\n"))).toEqual({ ok: false, reason: "tooMany", count: 501 });
    const fine = parsePostAddresses([...many(MAX_POST_ADDRESSES), ...many(100)].join("\n"));
    expect(fine.ok && fine.posts.length).toBe(500);
  });

  it("never throws on hostile input", () => {
    const hostile = ["\u0000\u0001", "https://", "http://[::1", "%%%", "a".repeat(5000), '"unterminated,quote', "https://x.com/%E0%A4%A/status/1"].join("\n");
    const result = parsePostAddresses(hostile);
    expect(result.ok).toBe(true);
    expect(parsePostAddresses("x".repeat(1_000_001))).toEqual({ ok: false, reason: "tooLarge" });
  });

  it("groups the biggest profile first and posts without a profile last", () => {
    const groups = groupByProfile(["https://x.com/a/status/1", "https://x.com/b/status/1", "https://x.com/b/status/2", "https://www.instagram.com/p/z"].map((url) => describePostAddress(url)!));
    expect(groups.map((group) => [group.platform, group.profile, group.posts.length])).toEqual([["x", "@b", 2], ["x", "@a", 1], ["instagram", null, 1]]);
  });
});

describe("the evidence part of the report form", () => {
  const form = (entries: Array<[string, string]>) => {
    const data = new FormData();
    for (const [key, value] of entries) data.append(key, value);
    return data;
  };

  it("skips empty fieldsets, checks filled ones field by field", () => {
    const result = readEvidenceForm(
      form([
        ["evidence[0].kind", "online_post"],
        ["evidence[0].url", "https://x.com/h/status/1?utm_source=a"],
        ["evidence[0].quote", "Du skal passe på"],
        ["evidence[1].kind", "message"],
        ["evidence[1].channel", "sms"],
        ["evidence[2].kind", "in_person"],
        ["evidence[2].date", "2025-13-45"],
        ["evidence[3].kind", "online_post"],
        ["evidence[3].url", "not a url"],
        ["evidence[4].kind", "bogus"],
      ]),
    );
    expect(result.items).toEqual([expect.objectContaining({ kind: "online_post", url: "https://x.com/h/status/1", quote: "Du skal passe på" })]);
    expect(result.errors).toEqual({
      "evidence[2].date": ["evidence.errors.date"],
      "evidence[2].description": ["evidence.errors.describe"],
      "evidence[3].url": ["evidence.errors.url"],
      "evidence[4].kind": ["evidence.errors.kind"],
    });
  });

  it("refuses a list with junk lines, naming them, unless asked to skip them", () => {
    const list = "https://x.com/a/status/1\nrubbish\nhttps://x.com/a/status/1\nhttps://x.com/b/status/2";
    const refused = readEvidenceForm(form([["evidencePostList", list]]));
    expect(refused.posts).toBeNull();
    expect(refused.errors).toEqual({ evidencePostList: ["evidence.errors.badLines|2|1"] });
    const taken = readEvidenceForm(form([["evidencePostList", list], ["evidencePostListSkipBad", "on"]]));
    expect(taken.errors).toEqual({});
    expect(taken.posts?.map((post) => post.url)).toEqual(["https://x.com/a/status/1", "https://x.com/b/status/2"]);
    expect(taken.postSummary).toEqual({ stored: 2, duplicates: 1, skippedLines: [2] });
    const tooMany = readEvidenceForm(form([["evidencePostList", Array.from({ length: 501 }, (_, index) => `https://x.com/a/status/${index}`).join("\n")]]));
    expect(tooMany.errors).toEqual({ evidencePostList: ["evidence.errors.tooManyPosts"] });
  });
});
