/**
 * The per-channel view's |error| heatmaps: a [R, C] tensor downsampled to at most 64 × 128 cells, each the largest
 * |x̂ − x| of the elements it covers. Element (r, c) falls in cell rowCell[r] + colCell[c]. Pure: no DOM.
 */
export function heatCells(
  R: number,
  C: number,
): { heatRows: number; heatCols: number; rowCell: Int32Array; colCell: Int32Array } {
  const heatRows = Math.min(R, 64)
  const heatCols = Math.min(C, 128)
  const rowCell = Int32Array.from({ length: R }, (_, r) => Math.floor((r * heatRows) / R) * heatCols)
  const colCell = Int32Array.from({ length: C }, (_, c) => Math.floor((c * heatCols) / C))
  return { heatRows, heatCols, rowCell, colCell }
}
