/**
 * Styles of a drawn graph. In the app they are part of `app.css` (`ui/build.ts` appends them; the page's CSP allows
 * no inline styles); an exported SVG carries them in its own `<style>` so it looks the same anywhere.
 */
export const GRAPH_CSS = `
svg.graph .edge{fill:none;stroke:#5b6b86;stroke-opacity:.55}
svg.graph .arrowhead{fill:#5b6b86}
svg.graph .node rect{fill:#fff;stroke:#1f4fd1;stroke-width:1.5}
svg.graph .node text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#1d2330}
svg.graph .node.start rect{fill:#e3f5ec;stroke:#0a7a45}
svg.graph .node.end rect{fill:#fdecea;stroke:#b3261e}
svg.graph .node:focus{outline:none}
svg.graph .node:focus rect,svg.graph .node:hover rect{stroke-width:3}
svg.graph.focus .edge{stroke-opacity:.12}
svg.graph.focus .edge.hot{stroke:#d55e00;stroke-opacity:.9}
`;
