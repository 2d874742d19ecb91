// Fits a table's columns into a width: drops the least important ones while even their minimum
// widths do not fit, then shares the spare cells among the columns whose content is wider than
// their minimum, one cell at a time, so no single column takes all the room. Pure.

export interface ColumnFit {
  /** Cells the column never goes below (its title should fit in it). */
  min: number;
  /** Cells the column's content needs (clamped to at least `min`). */
  want: number;
  /** Drop order on narrow terminals: the highest goes first; 0 = never dropped. */
  drop: number;
}

/**
 * Width of each column (null: dropped) so that the widths plus one-cell gaps between the kept
 * columns fit in `width` when possible. Columns that can never be dropped may still overflow:
 * the caller cuts the line.
 */
export function fitColumns(columns: readonly ColumnFit[], width: number): (number | null)[] {
  const kept = columns.map(() => true);
  const used = (): number => columns.reduce((sum, c, i) => (kept[i] ? sum + c.min + 1 : sum), 0) - 1;
  while (used() > width) {
    let victim = -1;
    columns.forEach((c, i) => {
      if (kept[i] && c.drop > 0 && (victim < 0 || c.drop > columns[victim].drop)) victim = i;
    });
    if (victim < 0) break;
    kept[victim] = false;
  }
  const widths = columns.map((c, i) => (kept[i] ? c.min : null));
  let spare = width - used();
  // Water-filling: every column still short of its content grows by one cell per round.
  for (let grew = true; spare > 0 && grew; ) {
    grew = false;
    for (let i = 0; i < columns.length && spare > 0; i++) {
      const w = widths[i];
      if (w === null || w >= columns[i].want) continue;
      widths[i] = w + 1;
      spare--;
      grew = true;
    }
  }
  return widths;
}
