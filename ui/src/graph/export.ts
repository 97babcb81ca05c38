import { GRAPH_CSS } from './graph-css.js';

/** Standalone SVG text of a drawn graph (its styles travel inside it; the pan/zoom transform is reset). */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = GRAPH_CSS;
  copy.prepend(style);
  copy.querySelector('g.viewport')?.removeAttribute('transform');
  copy.classList.remove('focus');
  const [, , w, h] = (copy.getAttribute('viewBox') ?? '0 0 800 600').split(/\s+/).map(Number);
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** A PNG of the SVG, `scale` times its size (capped at 16,000 px a side), on white. */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgText(svg);
  const [, , w = 800, h = 600] = (svg.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
  const k = Math.min(scale, 16000 / Math.max(w, h));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(w * k);
    canvas.height = Math.ceil(h * k);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b === null ? reject(new Error('PNG export failed')) : resolve(b)), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offer a Blob as a download with this file name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
