/**
 * A flame graph (SVG) of a V8 `.cpuprofile`: each box a call-tree node, its width the CPU time spent in it
 * and everything it called, callers above callees. Self-contained, so docs/benchmarks.md can show it; open
 * the `.cpuprofile` in Chrome DevTools or speedscope to explore the same data interactively.
 */
import fs from "node:fs";
import { selfTimes, shortUrl, type Profile, type ProfileNode } from "./cpu";

type Frame = { name: string; where: string; totalUs: number; children: Map<string, Frame> };

const WIDTH = 1200;
const ROW = 17;
/** Boxes narrower than this (px) are left out: unreadable, and they would bloat the file. */
const MIN_PX = 0.6;

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Colour by origin: our code, a dependency, Node itself, V8/native. */
function colour(frame: Frame): string {
  const w = frame.where;
  if (!w) return "#c8c8c8";
  if (w.startsWith("node:")) return "#9ecae1";
  if (w.includes("backend/src/") || w.startsWith("packages/")) return "#f4a261";
  return "#e9c46a";
}

/**
 * Builds the call tree over the last `lastMs` of the profile (the load, not the start-up), merging
 * siblings of the same function, idle time left out.
 */
function callTree(profile: Profile, lastMs: number): Frame {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = selfTimes(profile, lastMs);
  const root: Frame = { name: "all", where: "", totalUs: 0, children: new Map() };
  for (const [id, us] of selfUs) {
    const stack: ProfileNode[] = [];
    for (let n = byId.get(id); n; n = parent.has(n.id) ? byId.get(parent.get(n.id)!) : undefined)
      stack.push(n);
    stack.reverse();
    if (stack.some((n) => n.callFrame.functionName === "(idle)")) continue;
    root.totalUs += us;
    let frame = root;
    for (const n of stack.slice(1)) {
      const name = n.callFrame.functionName || "(anonymous)";
      const at = shortUrl(n.callFrame.url, n.callFrame.lineNumber);
      const key = `${name}|${at}`;
      let next = frame.children.get(key);
      if (!next) {
        next = { name, where: at, totalUs: 0, children: new Map() };
        frame.children.set(key, next);
      }
      next.totalUs += us;
      frame = next;
    }
  }
  return root;
}

/** Renders the largest `.cpuprofile` in `file` as an SVG flame graph; returns the SVG text. */
export function flameGraph(file: string, lastMs: number, title: string): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const root = callTree(profile, lastMs);
  const boxes: string[] = [];
  let depthMax = 0;
  const scale = root.totalUs > 0 ? WIDTH / root.totalUs : 0;
  const walk = (frame: Frame, x: number, depth: number) => {
    const w = frame.totalUs * scale;
    if (w < MIN_PX) return;
    depthMax = Math.max(depthMax, depth);
    const y = 24 + depth * ROW;
    const label = `${frame.name}${frame.where ? ` (${frame.where})` : ""}`;
    const ms = (frame.totalUs / 1000).toFixed(0);
    const share = ((frame.totalUs / Math.max(root.totalUs, 1)) * 100).toFixed(1);
    const chars = Math.floor((w - 6) / 6.5);
    const text =
      chars >= 3 ? (frame.name.length > chars ? `${frame.name.slice(0, chars - 1)}…` : frame.name) : "";
    boxes.push(
      `<g><title>${escapeXml(`${label}: ${ms} ms, ${share}%`)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame)}"/>` +
        (text ? `<text x="${(x + 3).toFixed(1)}" y="${y + 12}">${escapeXml(text)}</text>` : "") +
        `</g>`,
    );
    let cx = x;
    for (const child of [...frame.children.values()].sort((a, b) => b.totalUs - a.totalUs)) {
      walk(child, cx, depth + 1);
      cx += child.totalUs * scale;
    }
  };
  walk(root, 0, 0);
  const height = 24 + (depthMax + 1) * ROW + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="4" y="15" font-size="13">${escapeXml(`${title}: ${(root.totalUs / 1000).toFixed(0)} ms of CPU (idle left out); width is time including callees; hover a box for its name, file and time`)}</text>`,
    ...boxes,
    `</svg>`,
    "",
  ].join("\n");
}
