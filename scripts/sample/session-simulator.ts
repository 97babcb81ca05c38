import { createIntervalTracker, INTERVAL_EVENT_TYPES } from "./interval-tracker.js";
import { createLogSender, type Batch, type LogSender, type SenderSettings } from "./log-sender.js";
import {
  bareCustomLog,
  noLocation,
  packageCustomLog,
  packageIntervalLog,
  packageRawLog,
  type ClientState,
  type PageState,
} from "./package-logs.js";
import { createPrng, type Prng } from "./prng.js";
import {
  CART_ELEMENTS,
  CATALOG_ELEMENTS,
  CHECKOUT_ELEMENTS,
  CONFIRMATION_ELEMENTS,
  HEADER_ELEMENTS,
  HOME_ELEMENTS,
  LOGIN_ELEMENTS,
  PRODUCTS,
  SEARCH_TERMS,
  SHOP_ORIGIN,
  WINDOW_TARGET,
  cartPage,
  catalogPage,
  checkoutPage,
  confirmationPage,
  homePage,
  loginPage,
  productCard,
  productElements,
  productPage,
  type PageModel,
  type Product,
  type SiteElement,
} from "./shop-site.js";
import type { UserProfile } from "./user-profile.js";

/** How far into the shop's purchase funnel a session gets. */
export type FunnelStage = "catalog" | "product" | "cart" | "checkout" | "confirmation";

/** Run-wide settings every session shares. */
export interface SimulationSettings {
  readonly toolName: string;
  readonly toolVersion: string;
  readonly useraleVersion: string;
  readonly sender: SenderSettings;
  /** Share of sessions that start signed out (`userId: null` until the user signs in, if ever). */
  readonly anonymousShare: number;
  /** Share of sessions whose last queued logs never arrive (page closed, final flush lost). */
  readonly lossShare: number;
  /** No new page is opened once a session is this old (ms); keeps one user's sessions from overlapping. */
  readonly maxSessionMs: number;
}

/** Everything that determines one session. */
export interface SessionSpec {
  readonly seed: number;
  readonly user: UserProfile;
  /** 0-based index of the session among its user's sessions. */
  readonly sessionIndex: number;
  /** Epoch ms of the first page load; also the `session_<ms>` id. */
  readonly start: number;
  /** The session follows the newsletter link: it lands on the home page with campaign parameters. */
  readonly campaign: boolean;
  /** Position in [0, 1) choosing the funnel stage (see {@link funnelStageAt}). */
  readonly funnelPosition: number;
  readonly settings: SimulationSettings;
}

/** What one simulated session produced. */
export interface SessionResult {
  /** Batches in send order; each batch's logs are in UserALE queue order. */
  readonly batches: readonly Batch[];
  /** Logs that reached the server. */
  readonly sent: number;
  /** Logs lost with a closed page. */
  readonly lost: number;
  readonly pageViews: number;
  readonly stage: FunnelStage;
}

/**
 * The funnel stage a session reaches, from its position in [0, 1): 40 % stop at the catalog, so ~60 % reach a
 * product page, ~35 % the cart, ~20 % checkout and ~12 % the confirmation page. Cost: O(1).
 *
 * @example
 * funnelStageAt(0.1);  // → "catalog"
 * funnelStageAt(0.95); // → "confirmation"
 */
export function funnelStageAt(position: number): FunnelStage {
  if (position < 0.4) return "catalog";
  if (position < 0.65) return "product";
  if (position < 0.8) return "cart";
  if (position < 0.88) return "checkout";
  return "confirmation";
}

const STAGE_RANK: Readonly<Record<FunnelStage, number>> = {
  catalog: 0,
  product: 1,
  cart: 2,
  checkout: 3,
  confirmation: 4,
};

const MINUTE = 60_000;

const LANDING_REFERRERS: readonly (readonly [string, number])[] = [
  ["", 45],
  ["https://www.google.com/", 35],
  ["https://news.example.org/spring-home-picks", 10],
  ["https://www.instagram.com/", 10],
];

interface CartLine {
  readonly product: Product;
  quantity: number;
}

interface Modifiers {
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly meta: boolean;
}

const NO_MODIFIERS: Modifiers = { ctrl: false, shift: false, meta: false };

/** Thrown inside a session to stop it when it runs past `maxSessionMs`; caught by `simulateSession`. */
class SessionTimeUp extends Error {
  override readonly name = "SessionTimeUp";
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function keyCode(char: string): { key: string; code: string; shift: boolean } {
  if (/^[a-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}`, shift: false };
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, shift: true };
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, shift: false };
  switch (char) {
    case "@":
      return { key: "@", code: "Digit2", shift: true };
    case ".":
      return { key: ".", code: "Period", shift: false };
    case "-":
      return { key: "-", code: "Minus", shift: false };
    case " ":
      return { key: " ", code: "Space", shift: false };
    default:
      return { key: char, code: "Unidentified", shift: false };
  }
}

/**
 * One browsing session on the shop, in one tab, with UserALE.js 2.4.0 loaded on every page: the page-level
 * state (focus, typed-but-uncommitted values, scroll, interval run) and the user's behaviour.
 */
class SessionRun {
  private readonly rng: Prng;
  private readonly spec: SessionSpec;
  private readonly sender: LogSender;
  private client: ClientState;
  private page: PageState = { pageUrl: "", pageTitle: "", pageReferrer: "" };
  private model: PageModel | null = null;
  private tracker = createIntervalTracker();
  private t: number;
  private focused: SiteElement | null = null;
  private readonly dirty = new Map<SiteElement, string>();
  private lastHover: SiteElement | null = null;
  private lastClick: { element: SiteElement; time: number; count: number } | null = null;
  private mouse = { x: 0, y: 0 };
  private scrollY = 0;
  private signedIn: boolean;
  private readonly webkitFocus: boolean;
  private readonly cart: CartLine[] = [];
  pageViews = 0;

  constructor(spec: SessionSpec) {
    this.spec = spec;
    this.rng = createPrng(spec.seed, 0x5e55, spec.user.index, spec.sessionIndex);
    this.sender = createLogSender(this.rng, spec.settings.sender);
    this.t = spec.start;
    this.signedIn = !this.rng.chance(spec.settings.anonymousShare);
    this.webkitFocus = spec.user.browser.browser === "safari" || spec.user.browser.browser === "ios";
    const user = spec.user;
    this.client = {
      browser: user.browser,
      scrnRes: user.viewport,
      userId: null,
      toolName: spec.settings.toolName,
      toolVersion: spec.settings.toolVersion,
      useraleVersion: spec.settings.useraleVersion,
      sessionKey: user.sessionKey,
      sessionId: `session_${spec.start}`,
      httpSessionId: user.hasHttpSessionId ? this.rng.hex(32) : null,
      browserSessionId: user.hasBrowserSessionId ? this.rng.hex(32) : null,
    };
    this.mouse = { x: this.rng.int(0, user.viewport.width - 1), y: this.rng.int(0, user.viewport.height - 1) };
  }

  sent(): number {
    return this.sender.sent();
  }

  lost(): number {
    return this.sender.lost();
  }

  batches(): readonly Batch[] {
    return this.sender.batches;
  }

  // ---------------------------------------------------------------- emitting logs

  private push(log: Record<string, unknown>, time: number): void {
    this.sender.push(log, time);
  }

  private pageLocation(): { x: number; y: number } {
    return { x: this.mouse.x, y: this.mouse.y + this.scrollY };
  }

  /** A document-listener raw log for an element, plus the interval log it may close. */
  private emitElement(
    element: SiteElement,
    type: string,
    time: number,
    location: { x: number | null; y: number | null },
    details: Record<string, unknown> | null,
  ): void {
    this.push(
      packageRawLog(this.client, this.page, { target: element.selector, path: element.path, time, location, type, details }),
      time,
    );
    if (INTERVAL_EVENT_TYPES.has(type)) this.observeInterval(element.selector, element.path, type, time);
  }

  private observeInterval(target: string, path: readonly string[], type: string, time: number): void {
    const record = this.tracker.observe(target, path, type, time);
    if (record !== null) this.push(packageIntervalLog(this.client, this.page, record), time);
  }

  /**
   * Element focus/blur: the window capture listener logs it first with `{ window: true }`, then the document
   * listener logs the same event (same clientTime) with `details: null`, then the interval listener sees it.
   */
  private emitFocusPair(element: SiteElement, type: "focus" | "blur", time: number): void {
    const event = { target: element.selector, path: element.path, time, location: noLocation(), type };
    this.push(packageRawLog(this.client, this.page, { ...event, details: { window: true } }), time);
    this.push(packageRawLog(this.client, this.page, { ...event, details: null }), time);
    this.observeInterval(element.selector, element.path, type, time);
  }

  /** A window-level event (focus/blur of the window itself, resize): target "Window", path ["Window"]. */
  private emitWindow(type: string, time: number, details: Record<string, unknown>): void {
    this.push(
      packageRawLog(this.client, this.page, {
        target: WINDOW_TARGET,
        path: [WINDOW_TARGET],
        time,
        location: noLocation(),
        type,
        details,
      }),
      time,
    );
  }

  private emitCustom(custom: Readonly<Record<string, unknown>>, userAction: boolean, time: number): void {
    this.push(packageCustomLog(this.client, this.page, time, custom, userAction), time);
  }

  private emitBare(type: string, details: Readonly<Record<string, unknown>>, time: number): void {
    this.push(bareCustomLog(this.client, type, details), time);
  }

  // ---------------------------------------------------------------- time and navigation

  private wait(median: number, sigma = 0.6): void {
    this.t += this.rng.lognormal(median, sigma);
  }

  /** Between actions: usually seconds of reading; sometimes the user leaves the tab for a while. */
  private think(median = 8000): void {
    this.wait(median, 0.7);
    const roll = this.rng.next();
    if (roll < 0.022) this.away(this.rng.float(10.5 * MINUTE, 40 * MINUTE));
    else if (roll < 0.04) this.away(this.rng.float(20_000, 4 * MINUTE));
  }

  /** The window loses focus (element blur ×2, then window blur), stays away, and regains focus. */
  private away(durationMs: number): void {
    this.windowBlur();
    this.t += durationMs;
    this.emitWindow("focus", this.t, { window: true });
    if (this.focused !== null) this.emitFocusPair(this.focused, "focus", this.t + 0.3);
    this.t += 1;
  }

  private windowBlur(): void {
    if (this.focused !== null) this.emitFocusPair(this.focused, "blur", this.t);
    this.emitWindow("blur", this.t + 0.2, { window: true });
  }

  /** Leaves the current page (pagehide flush) and loads the next one, as a full page load. */
  private navigate(next: PageModel, referrerOverride?: string): void {
    if (this.t - this.spec.start > this.spec.settings.maxSessionMs) throw new SessionTimeUp();
    const first = this.model === null;
    if (!first) this.sender.pageHide(this.t, !this.rng.chance(0.01));
    this.t += this.rng.lognormal(220, 0.5);
    const referrer = referrerOverride ?? this.page.pageUrl;
    this.model = next;
    this.page = { pageUrl: SHOP_ORIGIN + next.route, pageTitle: next.title, pageReferrer: referrer };
    this.client = { ...this.client, userId: this.signedIn ? this.spec.user.userId : null };
    this.tracker = createIntervalTracker();
    this.focused = null;
    this.dirty.clear();
    this.lastHover = null;
    this.lastClick = null;
    this.scrollY = 0;
    this.pageViews += 1;

    const loadStart = this.t;
    this.sender.pageStart(loadStart);
    // 20 % of page views come from the cache and finish loading within UserALE's 100 ms setup delay.
    const loadMs = this.rng.chance(0.2) ? this.rng.lognormal(60, 0.35) : this.rng.lognormal(450, 0.5);
    // UserALE's setup runs ~100 ms after the script and logs pageLoadTime = endLoad - startLoad, which is NaN
    // (serialised as null) while window.onload has not fired yet; a load event fired before setup is not seen.
    const setupAt = loadStart + 100 + this.rng.float(0, 4);
    this.emitCustom(
      { type: "load", details: { pageLoadTime: loadMs < 100 ? Math.round(loadMs) : null } },
      false,
      setupAt,
    );
    if (loadMs >= 100) {
      this.push(
        packageRawLog(this.client, this.page, {
          target: "#document",
          path: [WINDOW_TARGET],
          time: loadStart + loadMs,
          location: noLocation(),
          type: "load",
          details: { window: true },
        }),
        loadStart + loadMs,
      );
    }
    this.t = loadStart + Math.max(loadMs, setupAt - loadStart) + 1;
    if (this.rng.chance(0.05)) this.resize();
  }

  // ---------------------------------------------------------------- pointer and keyboard

  private hover(element: SiteElement): void {
    if (element === this.lastHover) return;
    this.wait(650, 0.7);
    const { width, height } = this.client.scrnRes;
    this.mouse = { x: this.rng.int(0, width - 1), y: this.rng.int(0, height - 1) };
    this.lastHover = element;
    this.emitElement(element, "mouseover", this.t, this.pageLocation(), null);
  }

  private wander(count: number): void {
    const ambient = this.model?.ambient ?? [];
    if (ambient.length === 0) return;
    for (let i = 0; i < count; i++) this.hover(this.rng.pick(ambient));
  }

  /** Wheel/scroll bursts; UserALE logs each buffered type at most once per 500 ms. */
  private scroll(steps: number): void {
    const ambient = this.model?.ambient ?? [];
    for (let i = 0; i < steps && ambient.length > 0; i++) {
      this.t += this.rng.float(500, 900);
      const under = this.rng.pick(ambient);
      const deltaY = this.rng.weighted<number>([
        [100, 50],
        [125, 10],
        [53, 10],
        [4.5, 8],
        [-100, 15],
        [-37.5, 7],
      ]);
      this.scrollY = Math.max(0, this.scrollY + Math.round(deltaY * this.rng.int(1, 4)));
      this.emitElement(under, "wheel", this.t, this.pageLocation(), { x: 0, y: deltaY, z: 0 });
      const at = this.t + this.rng.float(2, 12);
      this.push(
        packageRawLog(this.client, this.page, {
          target: "#document",
          path: ["#document", WINDOW_TARGET],
          time: at,
          location: noLocation(),
          type: "scroll",
          details: { x: 0, y: this.scrollY },
        }),
        at,
      );
    }
  }

  private resize(): void {
    this.wait(900);
    const { width, height } = this.client.scrnRes;
    const next = { width: Math.max(360, width - this.rng.int(40, 400)), height: Math.max(500, height - this.rng.int(0, 120)) };
    this.emitWindow("resize", this.t, { width: next.width, height: next.height + 87 });
    this.client = { ...this.client, scrnRes: next };
  }

  private mouseDetails(clicks: number, modifiers: Modifiers, element: SiteElement): Record<string, unknown> {
    const details: Record<string, unknown> = {
      clicks,
      ctrl: modifiers.ctrl,
      alt: false,
      shift: modifiers.shift,
      meta: modifiers.meta,
    };
    if (element.attributes !== undefined) details["attributes"] = structuredClone(element.attributes);
    return details;
  }

  /** Safari (desktop and iOS) does not focus links and buttons on a mouse click; other browsers do. */
  private takesFocusOnClick(element: SiteElement): boolean {
    if (!element.focusable) return false;
    const kind = element.kind;
    const pushButton = kind === "link" || kind === "button" || kind === "submit";
    return !(pushButton && this.webkitFocus);
  }

  /** Focus leaves the focused element (change first if its value was edited, then blur ×2) and goes to `next`. */
  private moveFocus(next: SiteElement | null, time: number): void {
    const previous = this.focused;
    if (previous !== null && previous !== next) {
      const value = this.dirty.get(previous);
      if (value !== undefined && previous.kind !== "password") {
        this.emitElement(previous, "change", time, noLocation(), { value });
      }
      this.dirty.delete(previous);
      this.emitFocusPair(previous, "blur", time);
    }
    if (next !== null && next !== previous) this.emitFocusPair(next, "focus", time);
    this.focused = next;
  }

  /**
   * A full mouse click: mouseover (if the pointer was elsewhere), mousedown, mouseup, click, a dblclick when it
   * is the second click in a row; then what the click triggered — change/blur/focus of the focus move, and for
   * a checkbox input/change — logged after the click but stamped 1–8 ms *earlier* than it. Returns the click's
   * time.
   */
  private click(element: SiteElement, options: { modifiers?: Modifiers; clickAt?: number } = {}): number {
    const modifiers = options.modifiers ?? NO_MODIFIERS;
    let downToUp: number;
    let upToClick: number;
    if (options.clickAt === undefined) {
      this.hover(element);
      this.wait(220, 0.5);
      downToUp = this.rng.lognormal(85, 0.35);
      upToClick = this.rng.float(0.4, 6);
    } else {
      downToUp = this.rng.float(15, 30);
      upToClick = this.rng.float(0.4, 4);
      this.t = options.clickAt - upToClick - downToUp;
    }
    const chain = this.lastClick;
    const downAt = this.t;
    const count = chain !== null && chain.element === element && downAt - chain.time < 500 ? chain.count + 1 : 1;
    const location = this.pageLocation();
    this.emitElement(element, "mousedown", downAt, location, this.mouseDetails(count, modifiers, element));
    const upAt = downAt + downToUp;
    this.emitElement(element, "mouseup", upAt, location, this.mouseDetails(count, modifiers, element));
    const clickAt = upAt + upToClick;
    this.emitElement(element, "click", clickAt, location, this.mouseDetails(count, modifiers, element));
    if (count === 2) {
      this.emitElement(element, "dblclick", clickAt + this.rng.float(0.05, 0.9), location, this.mouseDetails(2, modifiers, element));
    }
    this.lastClick = { element, time: clickAt, count };
    const triggeredAt = clickAt - this.rng.float(1, 8);
    if (this.takesFocusOnClick(element)) this.moveFocus(element, triggeredAt);
    else if (this.focused !== null) this.moveFocus(null, triggeredAt);
    if (element.kind === "checkbox") {
      this.emitElement(element, "input", triggeredAt + 0.2, noLocation(), {});
      this.emitElement(element, "change", triggeredAt + 0.3, noLocation(), { value: "on" });
    }
    this.t = clickAt + 1;
    return clickAt;
  }

  /** The same target clicked `times` times, 50–250 ms apart (impatient or accidental repeats). */
  private rapidClicks(element: SiteElement, times: number, onClick?: (at: number) => void): void {
    let at = this.click(element);
    onClick?.(at);
    for (let i = 1; i < times; i++) {
      at = this.click(element, { clickAt: at + this.rng.float(55, 245) });
      onClick?.(at);
    }
  }

  /** Types text into a field: keydown + input per character; the change is logged when focus leaves. */
  private type(element: SiteElement, text: string): void {
    if (this.focused !== element) this.click(element);
    const secret = element.kind === "password";
    for (const char of text) {
      this.wait(150, 0.45);
      if (secret) continue; // the shop's UserALE filter drops key and input events of password fields
      const key = keyCode(char);
      this.emitElement(element, "keydown", this.t, noLocation(), {
        key: key.key,
        code: key.code,
        ctrl: false,
        alt: false,
        shift: key.shift,
        meta: false,
      });
      // logDetails applies extractKeyboardDetails to the InputEvent: every field is undefined, so `{}`.
      this.emitElement(element, "input", this.t + this.rng.float(0.5, 3), noLocation(), {});
    }
    this.dirty.set(element, text);
  }

  /** Browser autofill: input + change per field, no keystrokes and no focus change (password fields filtered). */
  private autofill(fields: readonly SiteElement[], values: readonly string[]): void {
    this.wait(900);
    fields.forEach((element, i) => {
      if (element.kind === "password") return;
      const at = this.t + i * this.rng.float(0.5, 2);
      this.emitElement(element, "input", at, noLocation(), {});
      this.emitElement(element, "change", at + 0.2, noLocation(), { value: values[i] ?? "" });
    });
    this.t += fields.length * 2 + 1;
  }

  private choose(select: SiteElement, value: string): void {
    this.click(select);
    this.wait(1200, 0.4);
    this.emitElement(select, "input", this.t, noLocation(), {});
    this.emitElement(select, "change", this.t + 0.3, noLocation(), { value });
    this.t += 1;
  }

  /**
   * Enter in a form field: keydown Enter, the field's change, then the browser's implicit submission — a
   * synthetic `click` on the submit button with `details.clicks = 0` and zero coordinates — and the `submit`.
   */
  private pressEnter(field: SiteElement, submitButton: SiteElement, form: SiteElement): void {
    this.wait(400);
    if (field.kind !== "password") {
      this.emitElement(field, "keydown", this.t, noLocation(), {
        key: "Enter",
        code: "Enter",
        ctrl: false,
        alt: false,
        shift: false,
        meta: false,
      });
      const value = this.dirty.get(field);
      if (value !== undefined) this.emitElement(field, "change", this.t + 0.4, noLocation(), { value });
    }
    this.dirty.delete(field);
    const clickAt = this.t + this.rng.float(0.8, 2.5);
    this.emitElement(submitButton, "click", clickAt, { x: 0, y: 0 }, {
      clicks: 0,
      ctrl: false,
      alt: false,
      shift: false,
      meta: false,
    });
    this.emitElement(form, "submit", clickAt + this.rng.float(0.5, 2), noLocation(), null);
    this.t = clickAt + 3;
  }

  private submitByClick(submitButton: SiteElement, form: SiteElement): void {
    const at = this.click(submitButton);
    this.emitElement(form, "submit", at + this.rng.float(1, 3), noLocation(), null);
    this.t = at + 4;
  }

  // ---------------------------------------------------------------- pages

  private browse(hovers: number, scrolls: number): void {
    this.wander(hovers);
    if (scrolls > 0) this.scroll(scrolls);
  }

  private cartSummary(): { items: number; value: number } {
    let items = 0;
    let value = 0;
    for (const line of this.cart) {
      items += line.quantity;
      value += line.quantity * line.product.price;
    }
    return { items, value: round2(value) };
  }

  private search(): void {
    const term = this.rng.pick(SEARCH_TERMS);
    this.type(HEADER_ELEMENTS.searchInput, term);
    if (this.rng.chance(0.65)) this.pressEnter(HEADER_ELEMENTS.searchInput, HEADER_ELEMENTS.searchButton, HEADER_ELEMENTS.searchForm);
    else this.submitByClick(HEADER_ELEMENTS.searchButton, HEADER_ELEMENTS.searchForm);
    this.navigate(catalogPage(`?q=${term}`));
    this.catalogView(term);
  }

  private catalogView(query: string | null): void {
    if (this.rng.chance(0.75)) {
      this.emitBare(
        "catalog_view",
        {
          query,
          results: query === null ? PRODUCTS.length : this.rng.int(1, 6),
          page: 1,
          filters: { inStock: false, sort: "featured" },
          experiment: { id: "grid-density", variant: this.spec.user.index % 2 === 0 ? "A" : "B" },
        },
        this.t + this.rng.float(5, 40),
      );
    }
    this.think(12000);
    this.browse(this.rng.int(0, 2), this.rng.int(0, 1));
  }

  private browseCatalog(stage: FunnelStage): void {
    const extras = stage === "catalog" ? this.rng.int(1, 2) : this.rng.chance(0.35) ? 1 : 0;
    for (let i = 0; i < extras; i++) {
      this.think();
      const roll = this.rng.next();
      if (roll < 0.3) {
        this.choose(CATALOG_ELEMENTS.sort, this.rng.pick(["price-asc", "price-desc", "newest"]));
      } else if (roll < 0.5) {
        this.click(CATALOG_ELEMENTS.inStock);
      } else if (roll < 0.75) {
        this.search();
      } else {
        if (this.rng.chance(0.2)) this.rapidClicks(CATALOG_ELEMENTS.nextPage, this.rng.int(2, 3));
        else this.click(CATALOG_ELEMENTS.nextPage);
        this.navigate(catalogPage("?page=2"));
        this.catalogView(null);
      }
      this.browse(this.rng.int(0, 1), this.rng.chance(0.4) ? 1 : 0);
    }
  }

  private viewProduct(product: Product): void {
    const card = productCard(product);
    this.hover(card.image);
    this.click(card.link, { modifiers: this.rng.chance(0.03) ? { ctrl: true, shift: false, meta: false } : NO_MODIFIERS });
    this.navigate(productPage(product));
    const e = productElements(product);
    if (this.rng.chance(0.5)) {
      this.emitBare(
        "recommendations_shown",
        {
          slot: "related",
          productIds: [0, 1, 2].map((i) => (PRODUCTS[(product.id + i * 3) % PRODUCTS.length] as Product).id),
          model: { name: "als", version: 3, latencyMs: this.rng.int(8, 60) },
        },
        this.t + this.rng.float(20, 200),
      );
    }
    this.think(20000);
    this.browse(this.rng.int(0, 2), this.rng.int(0, 2));
    if (this.rng.chance(0.3)) {
      this.hover(e.image);
      this.rapidClicks(e.image, 2); // double-click to zoom
    }
    if (this.rng.chance(0.25)) this.click(e.reviews);
  }

  private addToCart(product: Product): void {
    const e = productElements(product);
    if (this.rng.chance(0.4)) this.choose(e.size, this.rng.pick(["S", "M", "L"]));
    this.think(4000);
    const times = this.rng.chance(0.3) ? this.rng.int(2, 4) : 1;
    this.rapidClicks(e.addToCart, times, (at) => {
      const line = this.cart.find((l) => l.product.id === product.id);
      if (line === undefined) this.cart.push({ product, quantity: 1 });
      else line.quantity += 1;
      const summary = this.cartSummary();
      this.emitCustom(
        {
          type: "add_to_cart",
          details: {
            product: { id: product.id, sku: product.sku, name: product.name, price: product.price },
            quantity: 1,
            cart: { items: summary.items, value: summary.value, currency: "USD" },
          },
        },
        true,
        at + this.rng.float(0.5, 3),
      );
    });
    this.think(3000);
  }

  private signIn(): void {
    const email = `${this.spec.user.userId}@example.com`;
    if (this.rng.chance(0.8)) {
      this.click(LOGIN_ELEMENTS.email);
      this.autofill([LOGIN_ELEMENTS.email, LOGIN_ELEMENTS.password], [email, ""]);
      this.click(LOGIN_ELEMENTS.password);
    } else {
      this.type(LOGIN_ELEMENTS.email, email);
      this.type(LOGIN_ELEMENTS.password, "hunter2hunter");
    }
    if (this.rng.chance(0.3)) this.click(LOGIN_ELEMENTS.remember);
    if (this.rng.chance(0.55)) {
      if (this.focused !== LOGIN_ELEMENTS.password) this.click(LOGIN_ELEMENTS.password);
      this.pressEnter(LOGIN_ELEMENTS.password, LOGIN_ELEMENTS.submit, LOGIN_ELEMENTS.form);
    } else {
      this.submitByClick(LOGIN_ELEMENTS.submit, LOGIN_ELEMENTS.form);
    }
    this.signedIn = true;
  }

  private fillShipping(): void {
    const fields = CHECKOUT_ELEMENTS.shipping;
    const name = this.spec.user.userId.split(".")[0] ?? "alex";
    const values = [name, "Smith", "12 Harbour Road", "Bristol", "BS1 5DB", "GB"];
    if (this.rng.chance(0.85)) {
      this.click(fields[0] as SiteElement);
      this.autofill(fields, values);
    } else {
      for (let i = 0; i < 5; i++) {
        this.type(fields[i] as SiteElement, values[i] ?? "");
        this.wait(500);
      }
      this.choose(fields[5] as SiteElement, "GB");
    }
    if (this.rng.chance(0.3)) this.click(CHECKOUT_ELEMENTS.express);
    const summary = this.cartSummary();
    this.emitCustom(
      { type: "checkout_step", details: { step: 1, option: "shipping", cart: { items: summary.items, value: summary.value } } },
      true,
      this.t,
    );
  }

  private fillPayment(complete: boolean): void {
    const [holder, number, expiry] = CHECKOUT_ELEMENTS.payment;
    if (holder === undefined || number === undefined || expiry === undefined) return;
    this.think(5000);
    if (this.rng.chance(0.75)) {
      this.click(holder);
      this.autofill([holder, number, expiry], [this.spec.user.userId, "4111111111111111", "09/27"]);
    } else {
      this.type(holder, this.spec.user.userId.replace(".", " "));
      this.type(number, complete ? "4111111111111111" : "41111111");
    }
    if (!complete) return;
    this.type(CHECKOUT_ELEMENTS.cvv, "123");
    const summary = this.cartSummary();
    this.emitCustom(
      { type: "checkout_step", details: { step: 2, option: "card", cart: { items: summary.items, value: summary.value } } },
      true,
      this.t,
    );
  }

  private placeOrder(): void {
    this.think(6000);
    if (this.rng.chance(0.4)) {
      this.pressEnter(CHECKOUT_ELEMENTS.cvv, CHECKOUT_ELEMENTS.placeOrder, CHECKOUT_ELEMENTS.form);
    } else if (this.rng.chance(0.3)) {
      this.rapidClicks(CHECKOUT_ELEMENTS.placeOrder, this.rng.int(2, 3));
      this.emitElement(CHECKOUT_ELEMENTS.form, "submit", this.t + 1, noLocation(), null);
    } else {
      this.submitByClick(CHECKOUT_ELEMENTS.placeOrder, CHECKOUT_ELEMENTS.form);
    }
    const orderId = this.rng.hex(8).toUpperCase();
    const summary = this.cartSummary();
    this.navigate(confirmationPage(orderId));
    this.emitCustom(
      {
        type: "purchase",
        details: {
          orderId,
          revenue: summary.value,
          tax: round2(summary.value * 0.2),
          shipping: summary.value >= 75 ? 0 : 4.95,
          currency: "USD",
          items: this.cart.map((l) => ({ id: l.product.id, sku: l.product.sku, quantity: l.quantity, price: l.product.price })),
        },
      },
      false,
      this.t + this.rng.float(1, 30),
    );
    this.think(6000);
    this.wander(this.rng.int(1, 3));
    if (this.rng.chance(0.3)) {
      this.click(CONFIRMATION_ELEMENTS.continueShopping);
      this.navigate(catalogPage());
      this.catalogView(null);
    }
  }

  /** The session's story, from landing page to wherever the funnel stage lets it get. */
  run(): FunnelStage {
    const stage = funnelStageAt(this.spec.funnelPosition);
    const rank = STAGE_RANK[stage];
    try {
      const referrer = this.spec.campaign ? "" : this.rng.weighted(LANDING_REFERRERS);
      if (this.spec.campaign || this.rng.chance(0.7)) {
        this.navigate(homePage(this.spec.campaign ? "?utm_source=newsletter&utm_medium=email&utm_campaign=spring" : ""), referrer);
        this.think(6000);
        this.browse(this.rng.int(0, 2), this.rng.int(0, 1));
        if (!this.signedIn && this.rng.chance(0.35)) {
          this.click(HEADER_ELEMENTS.signIn);
          this.navigate(loginPage());
          this.signIn();
          this.navigate(homePage());
          this.think(4000);
        }
        this.click(this.rng.chance(0.6) ? HOME_ELEMENTS.shopNow : HEADER_ELEMENTS.catalog);
        this.navigate(catalogPage());
      } else {
        this.navigate(catalogPage(), referrer);
      }
      this.catalogView(null);
      this.browseCatalog(stage);

      if (rank >= 1) {
        const views = this.rng.weighted<number>([
          [1, 60],
          [2, 30],
          [3, 10],
        ]);
        let product = this.rng.pick(PRODUCTS);
        for (let i = 0; i < views; i++) {
          product = this.rng.pick(PRODUCTS);
          this.viewProduct(product);
          if (i < views - 1) {
            this.click(productElements(product).breadcrumb);
            this.navigate(catalogPage());
            this.catalogView(null);
          }
        }
        if (rank >= 2) {
          this.addToCart(product);
          this.click(this.rng.chance(0.8) ? HEADER_ELEMENTS.cart : HEADER_ELEMENTS.cartBadge);
          this.navigate(cartPage());
          this.think(8000);
          this.browse(this.rng.int(0, 2), this.rng.int(0, 1));
          if (this.rng.chance(0.2)) this.click(CART_ELEMENTS.plus);
          if (this.rng.chance(0.15)) {
            this.type(CART_ELEMENTS.coupon, "SPRING10");
            this.click(CART_ELEMENTS.applyCoupon);
            this.emitBare("coupon_rejected", { code: "SPRING10", reason: "expired", cartValue: this.cartSummary().value }, this.t + 120);
          }
        }
        if (rank >= 3) {
          this.click(CART_ELEMENTS.checkout);
          if (!this.signedIn) {
            this.navigate(loginPage("/checkout"));
            this.signIn();
          }
          this.navigate(checkoutPage());
          this.think(6000);
          this.fillShipping();
          if (rank === 3) {
            if (this.rng.chance(0.5)) this.fillPayment(false);
          } else {
            this.fillPayment(true);
            this.placeOrder();
          }
        }
      }
    } catch (error: unknown) {
      if (!(error instanceof SessionTimeUp)) throw error;
    }
    this.end();
    return stage;
  }

  /** The session stops with no unload log; sometimes after a final window blur; sometimes its last logs are lost. */
  private end(): void {
    this.think(8000);
    if (this.rng.chance(0.45)) this.windowBlur();
    const closedAt = this.t + this.rng.float(1_000, 20 * MINUTE);
    this.sender.pageHide(closedAt, !this.rng.chance(this.spec.settings.lossShare));
  }
}

/**
 * Simulates one session of one user on the sample shop with UserALE.js 2.4.0 on every page, returning the
 * batches its sender POSTed. Deterministic in `spec` alone (its random stream is derived from
 * `(seed, user, session)`), so sessions can be simulated in any order. Cost: O(events of the session), ~100 on
 * average.
 *
 * @example
 * const result = simulateSession({ seed: 42, user: makeUserProfile(42, 0, 0.25), sessionIndex: 0,
 *   start: Date.UTC(2024, 2, 4, 9), funnelPosition: 0.9, settings });
 * result.stage; // → "confirmation"
 * result.batches[0]?.logs[0]; // → the custom `load` log of the landing page
 */
export function simulateSession(spec: SessionSpec): SessionResult {
  const session = new SessionRun(spec);
  const stage = session.run();
  return { batches: session.batches(), sent: session.sent(), lost: session.lost(), pageViews: session.pageViews, stage };
}
