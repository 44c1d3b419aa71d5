// Every problem of a rejected CSV import (422 error.problems), in a table
// sorted by row, with a count per column so that a repeated mistake stands out.
import type { Problem } from '../api/types';

export function ProblemTable({ problems, caption = 'Problems found in the file' }: { problems: Problem[]; caption?: string }) {
  const sorted = [...problems].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const byColumn = new Map<string, number>();
  for (const p of problems) byColumn.set(p.column || '(whole row)', (byColumn.get(p.column || '(whole row)') ?? 0) + 1);
  const rows = new Set(problems.map((p) => p.row)).size;
  return (
    <div class="problems">
      <p class="problems-summary">
        {problems.length} problem{problems.length === 1 ? '' : 's'} in {rows} row{rows === 1 ? '' : 's'}
        {byColumn.size > 1 && (
          <>
            {' '}(
            {[...byColumn.entries()]
              .sort((a, b) => b[1] - a[1])
              .map(([c, n]) => `${c}: ${n}`)
              .join(', ')}
            )
          </>
        )}
        .
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table class="data">
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">What to fix</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((p, i) => (
              <tr key={i}>
                <td class="num">{p.row > 0 ? p.row : '—'}</td>
                <td>
                  <code>{p.column || '(whole row)'}</code>
                </td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
