/**
 * The small web shop the sample users browse: its products, pages and the DOM elements UserALE.js would see,
 * written exactly as UserALE.js 2.4.0 selectorises them.
 *
 * UserALE builds a target as `localName + "#" + id + "." + className`, keeping the raw `className` string with its
 * spaces (`button#add-to-cart.btn btn-primary btn-lg`), and a path from the target outwards through
 * `composedPath()`, which ends `"html", "#document", "Window"` (the Document selectorises to `#document`).
 * Attribute values are reported the way UserALE's attribute parser reports them: `JSON.parse` when it succeeds
 * (`data-id="42"` → 42, `data-variant='{"size":"M"}'` → an object), the raw string otherwise.
 */

/** What a user can do with an element; decides which DOM events a click or keystroke produces. */
export type ElementKind =
  | "link"
  | "button"
  | "submit"
  | "text"
  | "password"
  | "number"
  | "checkbox"
  | "select"
  | "image"
  | "static";

/** One element as UserALE would log it. Shared, immutable: copy `path` before handing it to a consumer. */
export interface SiteElement {
  readonly selector: string;
  /** From the element outwards, ending `"html", "#document", "Window"`. */
  readonly path: readonly string[];
  readonly kind: ElementKind;
  /** Whether clicking it moves keyboard focus to it (else focus leaves the previously focused element). */
  readonly focusable: boolean;
  /** Attributes as UserALE's parser reports them (JSON-parsed where possible), when the element has data-*. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** The pages of the shop. */
export type PageKind = "home" | "catalog" | "product" | "cart" | "login" | "checkout" | "confirmation";

/** One page view: where it is, what it is called and which elements a wandering mouse passes over. */
export interface PageModel {
  readonly kind: PageKind;
  /** Path and query, e.g. `/product/107` or `/catalog?q=lamp`. */
  readonly route: string;
  readonly title: string;
  /** Elements the pointer may pass over (mouseover, wheel targets) on this page. */
  readonly ambient: readonly SiteElement[];
}

/** A product on sale. Prices are numbers with two decimals. */
export interface Product {
  readonly id: number;
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  readonly category: string;
}

/** Origin every page URL starts with. */
export const SHOP_ORIGIN = "https://shop.example.com";

const SHOP_NAME = "Oak & Pine Home";

/** The catalogue: 20 products across four categories. */
export const PRODUCTS: readonly Product[] = [
  { id: 101, sku: "OP-LMP-01", name: "Brass Desk Lamp", price: 49.9, category: "lighting" },
  { id: 102, sku: "OP-LMP-02", name: "Paper Pendant Light", price: 34.5, category: "lighting" },
  { id: 103, sku: "OP-LMP-03", name: "Linen Floor Lamp", price: 89, category: "lighting" },
  { id: 104, sku: "OP-LMP-04", name: "String Lights 10m", price: 19.99, category: "lighting" },
  { id: 105, sku: "OP-LMP-05", name: "Ceramic Table Lamp", price: 59.95, category: "lighting" },
  { id: 106, sku: "OP-TXT-01", name: "Wool Throw Blanket", price: 64, category: "textiles" },
  { id: 107, sku: "OP-TXT-02", name: "Linen Cushion Cover", price: 24.99, category: "textiles" },
  { id: 108, sku: "OP-TXT-03", name: "Jute Rug 120x180", price: 129, category: "textiles" },
  { id: 109, sku: "OP-TXT-04", name: "Waffle Bath Towel", price: 18.5, category: "textiles" },
  { id: 110, sku: "OP-TXT-05", name: "Cotton Table Runner", price: 22, category: "textiles" },
  { id: 111, sku: "OP-KIT-01", name: "Stoneware Mug Set", price: 32, category: "kitchen" },
  { id: 112, sku: "OP-KIT-02", name: "Oak Cutting Board", price: 45, category: "kitchen" },
  { id: 113, sku: "OP-KIT-03", name: "Glass Storage Jars", price: 27.75, category: "kitchen" },
  { id: 114, sku: "OP-KIT-04", name: "Cast Iron Skillet", price: 54.9, category: "kitchen" },
  { id: 115, sku: "OP-KIT-05", name: "Pour-Over Coffee Set", price: 39.99, category: "kitchen" },
  { id: 116, sku: "OP-DEC-01", name: "Terracotta Planter", price: 16.9, category: "decor" },
  { id: 117, sku: "OP-DEC-02", name: "Round Wall Mirror", price: 79, category: "decor" },
  { id: 118, sku: "OP-DEC-03", name: "Scented Candle Trio", price: 29.5, category: "decor" },
  { id: 119, sku: "OP-DEC-04", name: "Walnut Picture Frame", price: 21.99, category: "decor" },
  { id: 120, sku: "OP-DEC-05", name: "Rattan Storage Basket", price: 36, category: "decor" },
];

/** Search terms users type into the header search box. */
export const SEARCH_TERMS: readonly string[] = ["lamp", "linen", "mug", "rug", "candle", "oak", "basket", "mirror"];

const TAIL = ["html", "#document", "Window"] as const;
const ROOT: readonly string[] = ["body", ...TAIL];
const APP: readonly string[] = ["div#app", ...ROOT];
const HEADER: readonly string[] = ["nav.navbar navbar-expand-lg bg-body-tertiary", "header.site-header sticky-top", ...APP];
const NAV_ITEM: readonly string[] = ["li.nav-item", "ul.navbar-nav me-auto mb-2 mb-lg-0", ...HEADER];
const MAIN: readonly string[] = ["main#main.container py-4", ...APP];
const FOOTER: readonly string[] = ["footer.site-footer border-top mt-5", ...APP];

const FOCUSABLE: ReadonlySet<ElementKind> = new Set<ElementKind>([
  "link",
  "button",
  "submit",
  "text",
  "password",
  "number",
  "checkbox",
  "select",
]);

function el(
  selector: string,
  parents: readonly string[],
  kind: ElementKind,
  attributes?: Readonly<Record<string, unknown>>,
): SiteElement {
  const base = { selector, path: [selector, ...parents], kind, focusable: FOCUSABLE.has(kind) };
  return attributes === undefined ? base : { ...base, attributes };
}

/** Header elements, present on every page. */
export const HEADER_ELEMENTS = {
  brand: el("a.navbar-brand fw-bold", HEADER, "link"),
  home: el("a#nav-home.nav-link", NAV_ITEM, "link"),
  catalog: el("a#nav-catalog.nav-link", NAV_ITEM, "link"),
  cart: el("a#nav-cart.nav-link position-relative", NAV_ITEM, "link"),
  cartBadge: el(
    "span.position-absolute top-0 start-100 translate-middle badge rounded-pill bg-danger",
    ["a#nav-cart.nav-link position-relative", ...NAV_ITEM],
    "static",
  ),
  signIn: el("a#nav-signin.nav-link", NAV_ITEM, "link"),
  searchInput: el("input#q.form-control me-2", ["form#search.d-flex", ...HEADER], "text"),
  searchButton: el("button.btn btn-outline-success", ["form#search.d-flex", ...HEADER], "submit"),
  searchForm: el("form#search.d-flex", HEADER, "static"),
} as const;

const FOOTER_LINKS: readonly SiteElement[] = [
  el("a.link-secondary", ["li.nav-item", "ul.nav justify-content-center", ...FOOTER], "link"),
  el("p.text-center text-body-secondary", FOOTER, "static"),
];

const HERO: readonly string[] = ["section.hero p-5 mb-4 bg-body-tertiary rounded-3", ...MAIN];

/** Home page elements. */
export const HOME_ELEMENTS = {
  heading: el("h1.display-5 fw-bold", HERO, "static"),
  lead: el("p.col-md-8 fs-4", HERO, "static"),
  shopNow: el("a#shop-now.btn btn-primary btn-lg", HERO, "link"),
} as const;

const TOOLBAR: readonly string[] = ["div.catalog-toolbar d-flex gap-3 align-items-center mb-3", ...MAIN];
const GRID: readonly string[] = ["div.row row-cols-2 row-cols-md-4 g-4", ...MAIN];

/** Catalog page elements that do not depend on a product. */
export const CATALOG_ELEMENTS = {
  sort: el("select#sort.form-select form-select-sm", TOOLBAR, "select"),
  inStock: el("input#in-stock.form-check-input", ["div.form-check form-switch", ...TOOLBAR], "checkbox"),
  inStockLabel: el("label.form-check-label", ["div.form-check form-switch", ...TOOLBAR], "static"),
  nextPage: el(
    "a.page-link",
    ["li.page-item", "ul.pagination justify-content-center", "nav", ...MAIN],
    "link",
    { class: "page-link", href: "?page=2", "data-page": 2 },
  ),
} as const;

/** The elements of one product's card in the catalog grid (and in "related products"). */
export interface ProductCard {
  readonly card: SiteElement;
  readonly image: SiteElement;
  readonly title: SiteElement;
  readonly link: SiteElement;
}

const cardCache = new Map<number, ProductCard>();

/** Card elements for a product; memoised, O(1) after the first call per product. */
export function productCard(product: Product): ProductCard {
  const cached = cardCache.get(product.id);
  if (cached !== undefined) return cached;
  const col = ["div.col", ...GRID];
  const cardSelector = "div.card h-100 product-card";
  const card = el(cardSelector, col, "static", {
    class: "card h-100 product-card",
    "data-id": product.id,
    "data-price": product.price,
  });
  const body = ["div.card-body", cardSelector, ...col];
  const result: ProductCard = {
    card,
    image: el("img.card-img-top", [cardSelector, ...col], "image", {
      class: "card-img-top",
      src: `/img/${product.sku.toLowerCase()}.webp`,
      alt: product.name,
    }),
    title: el("h5.card-title", body, "static"),
    link: el("a.stretched-link", body, "link", {
      class: "stretched-link",
      href: `/product/${product.id}`,
      "data-id": product.id,
      "data-track": { list: "catalog", position: (product.id % 8) + 1 },
    }),
  };
  cardCache.set(product.id, result);
  return result;
}

const DETAIL: readonly string[] = ["div.col-md-6", "div.row g-5", "section#product-detail.product", ...MAIN];
const BUY: readonly string[] = ["div.d-flex gap-2 align-items-end", ...DETAIL];

/** The elements of one product's detail page. */
export interface ProductElements {
  readonly breadcrumb: SiteElement;
  readonly image: SiteElement;
  readonly size: SiteElement;
  readonly qty: SiteElement;
  readonly addToCart: SiteElement;
  readonly reviews: SiteElement;
  readonly description: SiteElement;
}

const detailCache = new Map<number, ProductElements>();

/**
 * Product page elements for a product; `addToCart` carries the product in JSON-parsed data attributes.
 * Memoised (the simulator compares elements by identity); O(1) after the first call per product.
 */
export function productElements(product: Product): ProductElements {
  const cached = detailCache.get(product.id);
  if (cached !== undefined) return cached;
  const result: ProductElements = {
    breadcrumb: el("a", ["li.breadcrumb-item", "ol.breadcrumb", "nav", ...MAIN], "link"),
    image: el("img#product-image.img-fluid rounded shadow-sm", ["div.col-md-6", "div.row g-5", "section#product-detail.product", ...MAIN], "image", {
      id: "product-image",
      class: "img-fluid rounded shadow-sm",
      "data-zoom": true,
      alt: product.name,
    }),
    size: el("select#size.form-select", BUY, "select"),
    qty: el("input#qty.form-control text-center", BUY, "number"),
    addToCart: el("button#add-to-cart.btn btn-primary btn-lg", BUY, "button", {
      id: "add-to-cart",
      class: "btn btn-primary btn-lg",
      type: "button",
      "data-id": product.id,
      "data-price": product.price,
      "data-variant": { sku: product.sku, stock: 3 + (product.id % 9) },
    }),
    reviews: el("button.btn btn-link p-0", ["div.reviews", ...DETAIL], "button"),
    description: el("p.lead", DETAIL, "static"),
  };
  detailCache.set(product.id, result);
  return result;
}

const CART_ROW: readonly string[] = ["tr.cart-row", "tbody", "table.table align-middle", ...MAIN];

/** Cart page elements. */
export const CART_ELEMENTS = {
  plus: el("button.btn btn-outline-secondary btn-sm qty-plus", ["td", ...CART_ROW], "button"),
  remove: el("button.btn-close", ["td.text-end", ...CART_ROW], "button", { class: "btn-close", type: "button", "aria-label": "Remove" }),
  rowName: el("td.fw-semibold", CART_ROW, "static"),
  coupon: el("input#coupon.form-control", ["div.input-group", "div.col-md-5", ...MAIN], "text"),
  applyCoupon: el("button#apply-coupon.btn btn-outline-secondary", ["div.input-group", "div.col-md-5", ...MAIN], "button"),
  checkout: el("a#checkout.btn btn-success btn-lg w-100", ["div.col-md-4 offset-md-3", ...MAIN], "link"),
  continueShopping: el("a.link-secondary", ["div.col-md-5", ...MAIN], "link"),
} as const;

const LOGIN_FORM: readonly string[] = ["form#login-form.needs-validation", "div.col-md-4 mx-auto", ...MAIN];

/** Sign-in page elements. */
export const LOGIN_ELEMENTS = {
  form: el("form#login-form.needs-validation", ["div.col-md-4 mx-auto", ...MAIN], "static"),
  email: el("input#email.form-control", ["div.mb-3", ...LOGIN_FORM], "text"),
  password: el("input#password.form-control", ["div.mb-3", ...LOGIN_FORM], "password"),
  remember: el("input#remember.form-check-input", ["div.form-check mb-3", ...LOGIN_FORM], "checkbox"),
  submit: el("button#login-submit.btn btn-primary w-100", LOGIN_FORM, "submit"),
} as const;

const CHECKOUT_FORM: readonly string[] = ["form#checkout-form.needs-validation", "div.col-md-8", ...MAIN];

function field(id: string, kind: ElementKind, width = "col-md-6"): SiteElement {
  const selector = kind === "select" ? `select#${id}.form-select` : `input#${id}.form-control`;
  return el(selector, [`div.${width}`, "div.row g-3", ...CHECKOUT_FORM], kind);
}

/** Checkout page elements: the shipping fields, the payment fields and the submit button. */
export const CHECKOUT_ELEMENTS = {
  form: el("form#checkout-form.needs-validation", ["div.col-md-8", ...MAIN], "static"),
  shipping: [
    field("first-name", "text"),
    field("last-name", "text"),
    field("address", "text", "col-12"),
    field("city", "text"),
    field("zip", "text", "col-md-3"),
    field("country", "select", "col-md-3"),
  ],
  express: el("input#shipping-express.form-check-input", ["div.form-check", "div.my-3", ...CHECKOUT_FORM], "checkbox"),
  payment: [field("cc-name", "text"), field("cc-number", "text"), field("cc-expiration", "text", "col-md-3")],
  cvv: field("cc-cvv", "password", "col-md-3"),
  placeOrder: el("button#place-order.w-100 btn btn-success btn-lg", CHECKOUT_FORM, "submit"),
  summary: el("ul.list-group mb-3", ["div.col-md-4 order-md-last", ...MAIN], "static"),
} as const;

/** Confirmation page elements. */
export const CONFIRMATION_ELEMENTS = {
  alert: el("div.alert alert-success", MAIN, "static"),
  heading: el("h4.alert-heading", ["div.alert alert-success", ...MAIN], "static"),
  continueShopping: el("a#continue-shopping.btn btn-outline-primary", MAIN, "link"),
} as const;

/** The Window itself, as the target of window focus/blur/resize: path is just `["Window"]`. */
export const WINDOW_TARGET = "Window";

const COMMON_AMBIENT: readonly SiteElement[] = [
  HEADER_ELEMENTS.brand,
  HEADER_ELEMENTS.catalog,
  HEADER_ELEMENTS.cart,
  HEADER_ELEMENTS.searchInput,
  ...FOOTER_LINKS,
];

function title(name: string): string {
  return `${name} | ${SHOP_NAME}`;
}

/** Home page view (`/`, optionally with a campaign query). */
export function homePage(query = ""): PageModel {
  return {
    kind: "home",
    route: `/${query}`,
    title: SHOP_NAME,
    ambient: [HOME_ELEMENTS.heading, HOME_ELEMENTS.lead, HOME_ELEMENTS.shopNow, ...COMMON_AMBIENT],
  };
}

/** Catalog page view; `query` is the raw query string including `?`, or empty. */
export function catalogPage(query = ""): PageModel {
  const cards = PRODUCTS.slice(0, 8).flatMap((p) => [productCard(p).image, productCard(p).title]);
  return {
    kind: "catalog",
    route: `/catalog${query}`,
    title: title("Catalog"),
    ambient: [...cards, CATALOG_ELEMENTS.sort, CATALOG_ELEMENTS.inStockLabel, ...COMMON_AMBIENT],
  };
}

/** Product page view. */
export function productPage(product: Product): PageModel {
  const e = productElements(product);
  return {
    kind: "product",
    route: `/product/${product.id}`,
    title: title(product.name),
    ambient: [e.image, e.description, e.size, e.addToCart, e.breadcrumb, ...COMMON_AMBIENT],
  };
}

/** Cart page view. */
export function cartPage(): PageModel {
  return {
    kind: "cart",
    route: "/cart",
    title: title("Your cart"),
    ambient: [CART_ELEMENTS.rowName, CART_ELEMENTS.plus, CART_ELEMENTS.checkout, CART_ELEMENTS.coupon, ...COMMON_AMBIENT],
  };
}

/** Sign-in page view; `next` is where the shop redirects after signing in. */
export function loginPage(next?: string): PageModel {
  return {
    kind: "login",
    route: next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`,
    title: title("Sign in"),
    ambient: [LOGIN_ELEMENTS.email, LOGIN_ELEMENTS.password, LOGIN_ELEMENTS.submit, ...COMMON_AMBIENT],
  };
}

/** Checkout page view. */
export function checkoutPage(): PageModel {
  return {
    kind: "checkout",
    route: "/checkout",
    title: title("Checkout"),
    ambient: [...CHECKOUT_ELEMENTS.shipping, CHECKOUT_ELEMENTS.summary, CHECKOUT_ELEMENTS.placeOrder, ...COMMON_AMBIENT],
  };
}

/** Order confirmation page view. */
export function confirmationPage(orderId: string): PageModel {
  return {
    kind: "confirmation",
    route: `/confirmation?order=${orderId}`,
    title: title("Order confirmed"),
    ambient: [CONFIRMATION_ELEMENTS.alert, CONFIRMATION_ELEMENTS.heading, CONFIRMATION_ELEMENTS.continueShopping, ...COMMON_AMBIENT],
  };
}
