/**
 * A hate storm pasted in: post addresses one per line, or a platform's CSV export with a header
 * row naming a url/link column. Addresses are normalised (lowercase host, tracking parameters and
 * trailing slash dropped), duplicates removed, and grouped by the profile that posted them.
 * Pure: no database, no network.
 */

export const MAX_POST_ADDRESSES = 500;
/** Longer than any real post address; longer lines are junk, not evidence. */
export const MAX_ADDRESS_LENGTH = 2000;
/** What a paste may weigh at most (500 long addresses and a CSV's other columns). */
export const MAX_POST_LIST_CHARS = 1_000_000;

export type PostLineProblem = "notAnAddress" | "tooLong";

export interface PostAddress {
  /** The address as stored and shown: normalised. */
  url: string;
  /** A platform key (x, facebook, …) or the host for any other site. */
  platform: string;
  /** The profile's handle as the address names it, or null when it does not. */
  profile: string | null;
  /** The address of the profile, when the address names one. */
  profileUrl: string | null;
  /** The line (1-based) where it first appeared. */
  line: number;
}

export interface PostGroup {
  platform: string;
  profile: string | null;
  profileUrl: string | null;
  posts: PostAddress[];
}

export type PostListResult =
  | { ok: true; posts: PostAddress[]; groups: PostGroup[]; duplicates: number; problems: Array<{ line: number; problem: PostLineProblem }> }
  | { ok: false; reason: "tooMany"; count: number }
  | { ok: false; reason: "tooLarge" };

const trackingParams = /^(utm_.*|fbclid|gclid|dclid|msclkid|igshid|igsh|mc_cid|mc_eid|si|ref_src|ref_url|s|t|__cft__.*|__tn__|mibextid|rdid|share_id|_rdr|xmt|ttclid|is_from_webapp|sender_device|feature)$/i;
// Parameters that are part of a post's identity on some platforms (a YouTube video, a Facebook story).
const keptParams = new Set(["v", "story_fbid", "id", "fbid", "p", "list", "comment_id", "reply_comment_id", "lc"]);

const platformHosts: Array<[RegExp, string]> = [
  [/(^|\.)(x\.com|twitter\.com)$/, "x"],
  [/(^|\.)(facebook\.com|fb\.com|fb\.watch)$/, "facebook"],
  [/(^|\.)instagram\.com$/, "instagram"],
  [/(^|\.)tiktok\.com$/, "tiktok"],
  [/(^|\.)(youtube\.com|youtu\.be)$/, "youtube"],
  [/(^|\.)threads\.(net|com)$/, "threads"],
  [/(^|\.)bsky\.app$/, "bluesky"],
  [/(^|\.)reddit\.com$/, "reddit"],
  [/(^|\.)linkedin\.com$/, "linkedin"],
];

export const knownPlatforms = ["x", "facebook", "instagram", "tiktok", "youtube", "threads", "bluesky", "reddit", "linkedin"] as const;

function platformOf(host: string): string {
  return platformHosts.find(([pattern]) => pattern.test(host))?.[1] ?? host.replace(/^www\./, "");
}

/** Path segments of these platforms that are not profile names. */
const notProfiles: Record<string, Set<string>> = {
  x: new Set(["i", "intent", "search", "hashtag", "home", "share"]),
  facebook: new Set(["permalink.php", "story.php", "photo.php", "photo", "watch", "groups", "events", "share", "sharer", "reel", "video.php", "profile.php"]),
  instagram: new Set(["p", "reel", "reels", "tv", "stories", "explore"]),
  tiktok: new Set(["t", "video", "tag", "discover"]),
  youtube: new Set(["watch", "shorts", "embed", "results", "playlist"]),
  threads: new Set(["t"]),
  linkedin: new Set(["feed", "posts", "pulse"]),
};

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The profile an address names: per platform where its addresses say so, else none. */
function profileOf(platform: string, url: URL): { profile: string | null; profileUrl: string | null } {
  const parts = url.pathname.split("/").filter(Boolean).map(safeDecode);
  const origin = `${url.protocol}//${url.host}`;
  const none = { profile: null, profileUrl: null };
  const first = parts[0];
  if (!first) return none;
  const handle = (name: string, path: string) => ({ profile: name, profileUrl: `${origin}/${path}` });
  switch (platform) {
    case "x":
    case "instagram":
    case "facebook":
      if (platform === "facebook" && (first === "profile.php" || first === "permalink.php" || first === "story.php")) {
        const id = url.searchParams.get("id");
        return id ? { profile: id, profileUrl: `${origin}/profile.php?id=${id}` } : none;
      }
      if (notProfiles[platform]!.has(first.toLowerCase())) return none;
      return handle(platform === "x" ? `@${first}` : first, encodeURIComponent(first));
    case "tiktok":
    case "threads":
      return first.startsWith("@") ? handle(first, encodeURIComponent(first)) : none;
    case "youtube":
      if (first.startsWith("@")) return handle(first, encodeURIComponent(first));
      if ((first === "channel" || first === "c" || first === "user") && parts[1]) return handle(parts[1], `${first}/${encodeURIComponent(parts[1])}`);
      return none;
    case "bluesky":
      return first === "profile" && parts[1] ? handle(parts[1], `profile/${encodeURIComponent(parts[1])}`) : none;
    case "reddit":
      return (first === "user" || first === "u") && parts[1] ? handle(`u/${parts[1]}`, `user/${encodeURIComponent(parts[1])}`) : first === "r" && parts[1] ? handle(`r/${parts[1]}`, `r/${encodeURIComponent(parts[1])}`) : none;
    case "linkedin":
      return (first === "in" || first === "company") && parts[1] ? handle(parts[1], `${first}/${encodeURIComponent(parts[1])}`) : none;
    default:
      return none;
  }
}

/**
 * One address, normalised, or null when the text is not a web address. Bare "x.com/…" (no scheme)
 * is read as https. Only http and https; credentials in an address are refused.
 */
export function normalisePostAddress(raw: string): string | null {
  let text = raw.trim().replace(/^[<"'(]+|[>"')]+$/g, "");
  if (!text || /\s/.test(text)) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    if (!/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(text)) return null;
    text = `https://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || !url.hostname.includes(".")) return null;
  url.hash = "";
  for (const name of [...url.searchParams.keys()]) {
    if (trackingParams.test(name) && !keptParams.has(name)) url.searchParams.delete(name);
  }
  url.searchParams.sort();
  // mobile.twitter.com, m.facebook.com and www. are the same post as the bare host.
  url.hostname = url.hostname.toLowerCase().replace(/^(www|m|mobile|mbasic|web)\./, "");
  if (url.hostname === "twitter.com") url.hostname = "x.com";
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, "");
  const search = url.searchParams.toString();
  return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}${search ? `?${search}` : ""}`;
}

/** A post address as stored: normalised, with its platform and profile. Null when it is not an address. */
export function describePostAddress(raw: string, line = 1): PostAddress | null {
  const url = normalisePostAddress(raw);
  if (!url) return null;
  const parsed = new URL(url);
  const platform = platformOf(parsed.hostname);
  return { url, platform, ...profileOf(platform, parsed), line };
}

/** One CSV record split into cells (RFC 4180 quotes, comma or semicolon as exported). */
function csvCells(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

const urlHeader = /^(url|link|links|post ?url|post ?link|permalink|address|adresse|adress|lenke|länk|link til opslag|webadresse)$/i;

/** Which column of a CSV export holds the addresses, when the first line is a header naming one. */
function csvColumn(header: string): { separator: string; column: number } | null {
  for (const separator of [",", ";", "\t"]) {
    if (!header.includes(separator)) continue;
    const column = csvCells(header, separator).findIndex((cell) => urlHeader.test(cell.replace(/^\uFEFF/, "")));
    if (column >= 0) return { separator, column };
  }
  const single = header.replace(/^\uFEFF/, "").trim();
  return urlHeader.test(single) ? { separator: "\u0000", column: 0 } : null;
}

/**
 * Reads a pasted list. Blank lines are skipped; a line that is not a web address is a problem
 * with its line number (the caller decides whether to keep the good ones). Over 500 distinct
 * addresses is refused as a whole: the reporter splits the list rather than losing the end of it.
 */
export function parsePostAddresses(text: string): PostListResult {
  if (text.length > MAX_POST_LIST_CHARS) return { ok: false, reason: "tooLarge" };
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const csv = lines.length ? csvColumn(lines[0] ?? "") : null;
  const seen = new Map<string, PostAddress>();
  const problems: Array<{ line: number; problem: PostLineProblem }> = [];
  let duplicates = 0;
  lines.forEach((rawLine, index) => {
    const lineNumber = index + 1;
    if (csv && index === 0) return;
    const value = csv ? (csvCells(rawLine, csv.separator)[csv.column] ?? "") : rawLine;
    if (!value.trim()) return;
    if (value.length > MAX_ADDRESS_LENGTH) {
      problems.push({ line: lineNumber, problem: "tooLong" });
      return;
    }
    const address = describePostAddress(value, lineNumber);
    if (!address) {
      problems.push({ line: lineNumber, problem: "notAnAddress" });
      return;
    }
    if (seen.has(address.url)) duplicates++;
    else seen.set(address.url, address);
  });
  const posts = [...seen.values()];
  if (posts.length > MAX_POST_ADDRESSES) return { ok: false, reason: "tooMany", count: posts.length };
  return { ok: true, posts, groups: groupByProfile(posts), duplicates, problems };
}

/** Posts grouped by platform and profile, the biggest group first; posts without a known profile per platform last. */
export function groupByProfile(posts: PostAddress[]): PostGroup[] {
  const groups = new Map<string, PostGroup>();
  for (const post of posts) {
    const key = `${post.platform}\u0000${post.profile?.toLowerCase() ?? ""}`;
    const group = groups.get(key) ?? { platform: post.platform, profile: post.profile, profileUrl: post.profileUrl, posts: [] };
    group.posts.push(post);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => Number(a.profile === null) - Number(b.profile === null) || b.posts.length - a.posts.length || a.platform.localeCompare(b.platform) || (a.profile ?? "").localeCompare(b.profile ?? ""));
}
