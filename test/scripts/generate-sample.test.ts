import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { generateUserale, usersForEvents, type UseraleRunSummary } from "../../scripts/sample/generate-userale.js";
import { createPrng } from "../../scripts/sample/prng.js";

type Doc = Record<string, unknown>;

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

function run(options: Parameters<typeof generateUserale>[0]): { docs: Doc[]; summary: UseraleRunSummary } {
  const docs: Doc[] = [];
  const iterator = generateUserale(options);
  for (;;) {
    const step = iterator.next();
    if (step.done === true) return { docs, summary: step.value };
    docs.push(step.value);
  }
}

function sessionOf(doc: Doc): string {
  const id = doc["sessionId"] ?? doc["sessionID"];
  assert.equal(typeof id, "string", `document without a session id: ${JSON.stringify(doc)}`);
  return id as string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Stream positions of each session's documents, in stream order. */
function bySession(docs: readonly Doc[]): Map<string, number[]> {
  const sessions = new Map<string, number[]>();
  docs.forEach((doc, index) => {
    const key = sessionOf(doc);
    const list = sessions.get(key) ?? [];
    list.push(index);
    sessions.set(key, list);
  });
  return sessions;
}

function time(doc: Doc): number | null {
  if (typeof doc["clientTime"] === "number") return doc["clientTime"];
  if (typeof doc["endTime"] === "number") return doc["endTime"];
  return null;
}

const RAW_KEYS = (sessionKey: string): string[] => [
  "target",
  "path",
  "pageUrl",
  "pageTitle",
  "pageReferrer",
  "browser",
  "clientTime",
  "microTime",
  "location",
  "scrnRes",
  "type",
  "logType",
  "userAction",
  "details",
  "userId",
  "toolVersion",
  "toolName",
  "useraleVersion",
  sessionKey,
  "httpSessionId",
  "browserSessionId",
];

const MOUSE_TYPES = new Set(["click", "dblclick", "mousedown", "mouseup", "mouseover", "wheel"]);

describe("generateUserale determinism", () => {
  it("same seed gives identical JSON for the first 2000 events", () => {
    const first = JSON.stringify(run({ seed: 42, events: 2500 }).docs.slice(0, 2000));
    const second = JSON.stringify(run({ seed: 42, events: 2500 }).docs.slice(0, 2000));
    assert.equal(first, second);
  });

  it("a different seed gives different events", () => {
    const a = JSON.stringify(run({ seed: 42, events: 2500 }).docs.slice(0, 2000));
    const b = JSON.stringify(run({ seed: 43, events: 2500 }).docs.slice(0, 2000));
    assert.notEqual(a, b);
  });

  it("the seeded PRNG repeats exactly and never calls Math.random", () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error("Math.random must not be used");
    };
    try {
      const a = createPrng(7, 1);
      const b = createPrng(7, 1);
      const drawsA = Array.from({ length: 5 }, () => a.next());
      const drawsB = Array.from({ length: 5 }, () => b.next());
      assert.deepEqual(drawsA, drawsB);
      assert.notDeepEqual(drawsA, Array.from({ length: 5 }, () => createPrng(7, 2).next()));
      assert.ok(drawsA.every((x) => x >= 0 && x < 1));
      run({ seed: 1, users: 2 });
    } finally {
      Math.random = original;
    }
  });
});

describe("generateUserale event-count target", () => {
  it("honours --events 2500 within ±10 % and reports exactly what it yields", () => {
    const { docs, summary } = run({ seed: 42, events: 2500 });
    assert.ok(Math.abs(docs.length - 2500) <= 250, `got ${docs.length}`);
    assert.equal(summary.events, docs.length);
    assert.equal(summary.sessions, bySession(docs).size);
  });

  it("honours --events 30000 within ±10 % by scaling users", () => {
    const { docs, summary } = run({ seed: 7, events: 30_000 });
    assert.ok(Math.abs(docs.length - 30_000) <= 3_000, `got ${docs.length}`);
    assert.equal(summary.users, usersForEvents({ seed: 7, events: 30_000 }));
    assert.ok(summary.users > 50, `users ${summary.users}`);
  });

  it("defaults to 8 users with 2–4 sessions each", () => {
    const { summary } = run({ seed: 42 });
    assert.equal(summary.users, 8);
    assert.ok(summary.sessions >= 16 && summary.sessions <= 32, `sessions ${summary.sessions}`);
  });
});

describe("generateUserale realism in a --seed 42 --events 2500 run", () => {
  const { docs, summary } = run({ seed: 42, events: 2500 });
  const raw = docs.filter((d) => d["logType"] === "raw");
  const custom = docs.filter((d) => d["logType"] === "custom");
  const intervals = docs.filter((d) => d["logType"] === "interval");
  const sessions = bySession(docs);

  it("has every raw log keyed exactly as UserALE.js 2.4.0 emits, in its key order", () => {
    assert.ok(raw.length > 1000);
    for (const doc of raw) {
      const sessionKey = "sessionId" in doc ? "sessionId" : "sessionID";
      assert.deepEqual(Object.keys(doc), RAW_KEYS(sessionKey));
      assert.equal(typeof doc["target"], "string");
      const path = doc["path"] as unknown[];
      assert.ok(Array.isArray(path) && path.length >= 1 && path.every((p) => typeof p === "string"));
      assert.equal(path[path.length - 1], "Window");
      if (path.length > 2) assert.deepEqual(path.slice(-2), ["#document", "Window"]);
      assert.ok(Number.isInteger(doc["clientTime"]));
      const micro = doc["microTime"] as number;
      assert.ok(micro >= 0 && micro < 1 && Math.round(micro * 1000) / 1000 === micro, `microTime ${micro}`);
      const location = doc["location"] as { x: unknown; y: unknown };
      assert.deepEqual(Object.keys(location), ["x", "y"]);
      if (MOUSE_TYPES.has(doc["type"] as string)) {
        assert.ok(Number.isInteger(location.x) && Number.isInteger(location.y), JSON.stringify(doc));
      } else {
        assert.deepEqual(location, { x: null, y: null });
      }
      const scrnRes = doc["scrnRes"] as { width: unknown; height: unknown };
      assert.ok(Number.isInteger(scrnRes.width) && Number.isInteger(scrnRes.height));
      const browser = doc["browser"] as { browser: unknown; version: unknown };
      assert.deepEqual(Object.keys(browser), ["browser", "version"]);
      assert.equal(doc["userAction"], true);
      assert.equal(doc["useraleVersion"], "2.4.0");
      assert.match(sessionOf(doc), /^session_\d{13}$/);
      assert.ok(doc["details"] === null || isObject(doc["details"]));
    }
  });

  it("keeps raw class names with spaces in targets and paths", () => {
    assert.ok(raw.some((d) => d["target"] === "button#add-to-cart.btn btn-primary btn-lg"));
    assert.ok(raw.some((d) => (d["path"] as string[]).includes("main#main.container py-4")));
  });

  it("logs every event type a shop visit produces", () => {
    const types = new Set(raw.map((d) => d["type"]));
    for (const type of ["click", "dblclick", "mousedown", "mouseup", "focus", "blur", "input", "change", "submit",
      "keydown", "mouseover", "wheel", "scroll", "load", "resize"]) {
      assert.ok(types.has(type), `no raw ${type}`);
    }
  });

  it("shapes details per event type", () => {
    const click = raw.find((d) => d["type"] === "click" && !("attributes" in (d["details"] as Doc)));
    assert.deepEqual(click?.["details"], { clicks: 1, ctrl: false, alt: false, shift: false, meta: false });
    assert.ok(raw.some((d) => d["type"] === "change" && typeof (d["details"] as Doc)["value"] === "string"));
    assert.ok(raw.filter((d) => d["type"] === "input").every((d) => JSON.stringify(d["details"]) === "{}"));
    assert.ok(raw.some((d) => d["type"] === "keydown" && (d["details"] as Doc)["key"] === "Enter"));
    assert.ok(raw.some((d) => d["type"] === "mouseover" && d["details"] === null));
    assert.ok(raw.some((d) => d["type"] === "wheel" && typeof (d["details"] as Doc)["y"] === "number"));
    assert.ok(raw.some((d) => d["type"] === "scroll" && d["target"] === "#document"));
    assert.ok(raw.some((d) => d["type"] === "load" && d["target"] === "#document" &&
      JSON.stringify(d["path"]) === '["Window"]' && JSON.stringify(d["details"]) === '{"window":true}'));
  });

  it("has httpSessionId and browserSessionId as 32-digit hex or null", () => {
    const http = new Set(raw.map((d) => (d["httpSessionId"] === null ? "null" : "hex")));
    const browser = new Set(raw.map((d) => (d["browserSessionId"] === null ? "null" : "hex")));
    assert.deepEqual([...http].sort(), ["hex", "null"]);
    assert.deepEqual([...browser].sort(), ["hex", "null"]);
    for (const d of raw) {
      for (const key of ["httpSessionId", "browserSessionId"]) {
        const value = d[key];
        assert.ok(value === null || (typeof value === "string" && /^[0-9a-f]{32}$/.test(value)));
      }
    }
  });

  it("has packageCustomLog logs with metadata and nested numeric details", () => {
    const packaged = custom.filter((d) => "clientTime" in d);
    const addToCart = packaged.find((d) => d["type"] === "add_to_cart");
    assert.ok(addToCart !== undefined);
    assert.ok(Number.isInteger(addToCart["clientTime"]));
    assert.equal(typeof addToCart["pageUrl"], "string");
    const details = addToCart["details"] as { product: { price: unknown }; cart: { items: unknown } };
    assert.equal(typeof details.product.price, "number");
    assert.equal(typeof details.cart.items, "number");
    assert.ok(packaged.some((d) => d["type"] === "checkout_step"));
    assert.ok(packaged.some((d) => d["type"] === "load" && d["userAction"] === false));
  });

  it("has userale.log() custom logs with no clientTime and no pageUrl", () => {
    const bare = custom.filter((d) => !("clientTime" in d));
    assert.ok(bare.length > 0);
    for (const d of bare) {
      assert.ok(!("pageUrl" in d));
      assert.ok(Object.keys(d).every((k) => ["type", "logType", "userId", "sessionId", "sessionID", "details"].includes(k)));
      assert.equal(typeof d["type"], "string");
    }
  });

  it("has interval logs without clientTime, with consistent durations, some negative", () => {
    assert.ok(intervals.length > 100);
    for (const d of intervals) {
      assert.ok(!("clientTime" in d));
      assert.ok(Number.isInteger(d["startTime"]) && Number.isInteger(d["endTime"]));
      assert.equal(d["duration"], (d["endTime"] as number) - (d["startTime"] as number));
      assert.equal(typeof d["count"], "number");
      assert.equal(typeof d["targetChange"], "boolean");
      assert.equal(typeof d["typeChange"], "boolean");
      assert.equal(typeof d["target"], "string");
      assert.ok(Array.isArray(d["path"]));
      assert.equal(typeof d["type"], "string");
      assert.equal(typeof d["pageUrl"], "string");
      assert.equal(d["userAction"], false);
    }
    assert.ok(intervals.some((d) => (d["duration"] as number) < 0));
  });

  it("has several users, each with several sessions spread over several days", () => {
    assert.ok(summary.users >= 6, `users ${summary.users}`);
    const sessionsOfUser = new Map<string, { start: number; end: number }[]>();
    for (const [session, indexes] of sessions) {
      const user = indexes.map((i) => (docs[i] as Doc)["userId"]).find((u) => typeof u === "string") as string | undefined;
      if (user === undefined) continue;
      const times = indexes.map((i) => time(docs[i] as Doc)).filter((t): t is number => t !== null);
      const list = sessionsOfUser.get(user) ?? [];
      list.push({ start: Math.min(...times), end: Math.max(...times) });
      sessionsOfUser.set(user, list);
      assert.ok(session.startsWith("session_"));
    }
    const multi = [...sessionsOfUser.values()].filter((list) => list.length >= 2);
    assert.ok(multi.length >= 4, `users with ≥ 2 identified sessions: ${multi.length}`);
    let gapsOverAnHour = 0;
    for (const list of multi) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) {
        const gap = (list[i] as { start: number }).start - (list[i - 1] as { end: number }).end;
        assert.ok(gap > 0, "a user's sessions overlap");
        if (gap > 3_600_000) gapsOverAnHour += 1;
      }
    }
    assert.ok(gapsOverAnHour >= 4);
    const days = new Set(raw.map((d) => Math.floor((d["clientTime"] as number) / 86_400_000)));
    assert.ok(days.size >= 4, `days ${days.size}`);
  });

  it("has idle gaps of more than 10 minutes inside sessions", () => {
    let idle = 0;
    for (const indexes of sessions.values()) {
      const times = indexes.map((i) => time(docs[i] as Doc)).filter((t): t is number => t !== null).sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) if ((times[i] as number) - (times[i - 1] as number) > 600_000) idle += 1;
    }
    assert.ok(idle >= 1, `idle gaps ${idle}`);
  });

  it("has some users on the legacy sessionID key and most on sessionId, never both", () => {
    const legacy = docs.filter((d) => "sessionID" in d);
    const current = docs.filter((d) => "sessionId" in d);
    assert.ok(legacy.length > 0 && current.length > legacy.length);
    assert.ok(docs.every((d) => !("sessionID" in d && "sessionId" in d)));
    const legacyUsers = new Set(legacy.map((d) => d["userId"]).filter((u) => u !== null));
    assert.ok(legacyUsers.size >= 1);
  });

  it("has sessions that start anonymous (userId null) and sign in later", () => {
    let upgraded = 0;
    for (const indexes of sessions.values()) {
      const timed = indexes.map((i) => docs[i] as Doc).filter((d) => d["logType"] === "raw")
        .sort((a, b) => (a["clientTime"] as number) - (b["clientTime"] as number));
      const firstUser = timed[0]?.["userId"];
      if (firstUser === null && timed.some((d) => typeof d["userId"] === "string")) upgraded += 1;
    }
    assert.ok(upgraded >= 1, `anonymous-then-signed-in sessions: ${upgraded}`);
  });

  it("navigates between pages with load events whose referrer is the previous page", () => {
    let chained = 0;
    let multiPage = 0;
    for (const indexes of sessions.values()) {
      const loads = indexes.map((i) => docs[i] as Doc).filter((d) => d["logType"] === "raw" && d["type"] === "load")
        .sort((a, b) => (a["clientTime"] as number) - (b["clientTime"] as number));
      const pages = new Set(indexes.map((i) => (docs[i] as Doc)["pageUrl"]).filter((u) => typeof u === "string"));
      if (pages.size >= 3) multiPage += 1;
      for (let i = 1; i < loads.length; i++) {
        if ((loads[i] as Doc)["pageReferrer"] === (loads[i - 1] as Doc)["pageUrl"]) chained += 1;
      }
    }
    assert.ok(multiPage >= 10, `multi-page sessions ${multiPage}`);
    assert.ok(chained >= 20, `loads referred by the previous page ${chained}`);
  });

  it("has a catalog → product → cart → checkout → confirmation funnel with drop-off at every step", () => {
    const steps = ["/catalog", "/product/", "/cart", "/checkout", "/confirmation"];
    const reached = [0, 0, 0, 0, 0];
    const stoppedAt = [0, 0, 0, 0, 0];
    for (const indexes of sessions.values()) {
      const urls = indexes.map((i) => (docs[i] as Doc)["pageUrl"]).filter((u): u is string => typeof u === "string");
      let depth = -1;
      steps.forEach((step, i) => {
        if (urls.some((u) => new URL(u).pathname.startsWith(step))) depth = i;
      });
      for (let i = 0; i <= depth; i++) reached[i] = (reached[i] as number) + 1;
      if (depth >= 0) stoppedAt[depth] = (stoppedAt[depth] as number) + 1;
    }
    const total = sessions.size;
    const share = (i: number): number => (reached[i] as number) / total;
    assert.equal(reached[0], total);
    assert.ok(share(1) >= 0.45 && share(1) <= 0.75, `product ${share(1)}`);
    assert.ok(share(2) >= 0.2 && share(2) <= 0.5, `cart ${share(2)}`);
    assert.ok(share(3) >= 0.1 && share(3) <= 0.3, `checkout ${share(3)}`);
    assert.ok(share(4) >= 0.05 && share(4) <= 0.2, `confirmation ${share(4)}`);
    assert.ok(stoppedAt.every((n) => n >= 1), `sessions ending at each step: ${stoppedAt.join(",")}`);
  });

  it("has rapid duplicate clicks: same target 2–4 times within 50–250 ms", () => {
    let rapid = 0;
    for (const indexes of sessions.values()) {
      const clicks = indexes.map((i) => docs[i] as Doc).filter((d) => d["type"] === "click" && d["logType"] === "raw")
        .sort((a, b) => (a["clientTime"] as number) - (b["clientTime"] as number));
      for (let i = 1; i < clicks.length; i++) {
        const a = clicks[i - 1] as Doc;
        const b = clicks[i] as Doc;
        const gap = (b["clientTime"] as number) - (a["clientTime"] as number);
        if (a["target"] === b["target"] && gap >= 50 && gap <= 250) rapid += 1;
      }
    }
    assert.ok(rapid >= 3, `rapid repeats ${rapid}`);
  });

  it("logs element focus and blur twice with the same clientTime: {window: true} then null", () => {
    const pairs = { focus: 0, blur: 0 };
    for (let i = 1; i < docs.length; i++) {
      const a = docs[i - 1] as Doc;
      const b = docs[i] as Doc;
      if (a["logType"] !== "raw" || b["logType"] !== "raw") continue;
      const type = a["type"];
      if ((type !== "focus" && type !== "blur") || b["type"] !== type) continue;
      if (a["clientTime"] === b["clientTime"] && a["microTime"] === b["microTime"] && sessionOf(a) === sessionOf(b) &&
        JSON.stringify(a["details"]) === '{"window":true}' && b["details"] === null) {
        pairs[type] += 1;
      }
    }
    assert.ok(pairs.focus >= 5 && pairs.blur >= 5, JSON.stringify(pairs));
    const windowLevel = raw.filter((d) => d["target"] === "Window" && (d["type"] === "focus" || d["type"] === "blur"));
    assert.ok(windowLevel.length >= 2);
    assert.ok(windowLevel.every((d) => JSON.stringify(d["path"]) === '["Window"]' &&
      JSON.stringify(d["details"]) === '{"window":true}'));
  });

  it("stamps click-triggered blur/focus/change a few ms before the click they follow", () => {
    let earlier = 0;
    docs.forEach((click, i) => {
      if (click["logType"] !== "raw" || click["type"] !== "click") return;
      for (let j = i + 1; j < Math.min(docs.length, i + 8); j++) {
        const next = docs[j] as Doc;
        if (next["logType"] !== "raw" || sessionOf(next) !== sessionOf(click)) continue;
        if (!["blur", "focus", "change"].includes(next["type"] as string)) continue;
        const delta = (click["clientTime"] as number) - (next["clientTime"] as number);
        if (delta >= 1 && delta <= 8) earlier += 1;
      }
    });
    assert.ok(earlier >= 10, `earlier-stamped triggered events ${earlier}`);
  });

  it("turns Enter in a form into a synthetic click with clicks 0 followed by submit", () => {
    let enter = 0;
    docs.forEach((click, i) => {
      if (click["type"] !== "click" || (click["details"] as Doc | null)?.["clicks"] !== 0) return;
      const rest = docs.slice(i + 1, i + 4).filter((d) => d["logType"] === "raw");
      const submit = rest.find((d) => d["type"] === "submit" && sessionOf(d) === sessionOf(click));
      if (submit !== undefined && (submit["clientTime"] as number) - (click["clientTime"] as number) <= 5) enter += 1;
    });
    assert.ok(enter >= 2, `enter submissions ${enter}`);
  });

  it("reports attribute values parsed as JSON (numbers and objects, not strings)", () => {
    const withAttributes = raw.filter((d) => isObject(d["details"]) && isObject(d["details"]["attributes"]));
    assert.ok(withAttributes.length > 0);
    assert.ok(withAttributes.some((d) => typeof ((d["details"] as Doc)["attributes"] as Doc)["data-id"] === "number"));
    assert.ok(withAttributes.some((d) => isObject(((d["details"] as Doc)["attributes"] as Doc)["data-variant"])));
  });

  it("is mostly chronological per session, with batches interleaved and slightly out of order", () => {
    let steps = 0;
    let backwards = 0;
    let bigInversions = 0;
    for (const indexes of sessions.values()) {
      const times = indexes.map((i) => (docs[i] as Doc)["clientTime"]).filter((t): t is number => typeof t === "number");
      for (let i = 1; i < times.length; i++) {
        steps += 1;
        const drop = (times[i - 1] as number) - (times[i] as number);
        if (drop > 0) backwards += 1;
        if (drop > 500) bigInversions += 1;
      }
    }
    assert.ok(backwards > 0 && backwards / steps < 0.1, `${backwards} of ${steps} steps go back in time`);
    assert.ok(bigInversions >= 1, "no batch arrived after a later one");
    // Interleaving: a session whose documents arrive in several separate runs, other users' batches in between.
    const runs = new Map<string, number>();
    docs.forEach((doc, i) => {
      if (i === 0 || sessionOf(doc) !== sessionOf(docs[i - 1] as Doc)) runs.set(sessionOf(doc), (runs.get(sessionOf(doc)) ?? 0) + 1);
    });
    const interleaved = [...runs.values()].filter((n) => n >= 2).length;
    assert.ok(interleaved >= 2, `sessions interleaved with others: ${interleaved}`);
    const between = new Set<unknown>();
    for (const indexes of sessions.values()) {
      const first = indexes[0] as number;
      const last = indexes[indexes.length - 1] as number;
      for (let i = first; i <= last; i++) if (sessionOf(docs[i] as Doc) !== sessionOf(docs[first] as Doc)) between.add(sessionOf(docs[i] as Doc));
    }
    assert.ok(between.size >= 2, `sessions arriving inside another session's span: ${between.size}`);
  });

  it("has sessions that end abruptly, with no final blur", () => {
    let abrupt = 0;
    let blurred = 0;
    for (const indexes of sessions.values()) {
      const timed = indexes.map((i) => docs[i] as Doc).filter((d) => d["logType"] === "raw")
        .sort((a, b) => (a["clientTime"] as number) - (b["clientTime"] as number));
      const last = timed[timed.length - 1];
      if (last === undefined) continue;
      if (last["type"] === "blur") blurred += 1;
      else abrupt += 1;
    }
    assert.ok(abrupt >= 3 && blurred >= 1, `abrupt ${abrupt}, blurred ${blurred}`);
    assert.ok(summary.lostEvents > 0);
  });
});

describe("generate-sample CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "distill-sample-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function cli(args: readonly string[]): { status: number | null; stderr: string; summary: Record<string, string> } {
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-sample.ts", ...args], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    const summary: Record<string, string> = {};
    for (const match of result.stderr.matchAll(/(\w+)=(\S+)/g)) summary[match[1] as string] = match[2] as string;
    return { status: result.status, stderr: result.stderr, summary };
  }

  const expected = run({ seed: 42, events: 2500 }).docs;

  it("writes ndjson: one document per line, identical to the generator's output", () => {
    const out = join(dir, "sample.ndjson");
    const { status, stderr, summary } = cli(["--seed", "42", "--events", "2500", "--format", "ndjson", "--out", out]);
    assert.equal(status, 0, stderr);
    assert.equal(stderr.trim().split("\n").length, 1);
    const text = readFileSync(out, "utf8");
    const lines = text.split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, Number(summary["events"]));
    assert.equal(lines.length, expected.length);
    assert.equal(text, expected.map((d) => `${JSON.stringify(d)}\n`).join(""));
    assert.equal(Number(summary["bytes"]), Buffer.byteLength(text));
    assert.equal(Number(summary["sessions"]), bySession(expected).size);
    assert.ok(Number(summary["users"]) >= 6);
  });

  it("writes json: one array written as [ docs joined by ,\\n ]", () => {
    const out = join(dir, "sample.json");
    const { status, stderr, summary } = cli(["--seed", "42", "--events", "2500", "--format", "json", "--out", out]);
    assert.equal(status, 0, stderr);
    const text = readFileSync(out, "utf8");
    assert.ok(text.startsWith("[{") && text.endsWith("}]\n"));
    const parsed = JSON.parse(text) as unknown[];
    assert.equal(parsed.length, Number(summary["events"]));
    assert.deepEqual(parsed, expected);
    assert.equal(text.split(",\n").length, expected.length);
  });

  it("writes gzip-compressed ndjson with --gzip", () => {
    const out = join(dir, "sample.ndjson.gz");
    const { status, stderr, summary } = cli(["--seed", "42", "--events", "2500", "--gzip", "--out", out]);
    assert.equal(status, 0, stderr);
    const compressed = readFileSync(out);
    assert.equal(Number(summary["bytes"]), compressed.length);
    const text = gunzipSync(compressed).toString("utf8");
    assert.equal(Number(summary["rawBytes"]), Buffer.byteLength(text));
    const lines = text.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, Number(summary["events"]));
    assert.deepEqual(JSON.parse(lines[0] as string), expected[0]);
  });

  it("rejects a bad --format with exit code 2 and the usage line", () => {
    const { status, stderr } = cli(["--format", "xml", "--out", join(dir, "x")]);
    assert.equal(status, 2);
    assert.match(stderr, /--format/);
    assert.match(stderr, /usage:/);
  });
});
