import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/preact';
import { ProblemTable } from '../src/components/ProblemTable';

describe('ProblemTable', () => {
  it('shows row, column and reason, sorted by row', () => {
    render(
      <ProblemTable
        problems={[
          { row: 4, column: 'id', reason: 'duplicate id "F1" (first used in row 3)' },
          { row: 3, column: 'time_zone', reason: 'unknown time zone "America/Chicgo" (use an IANA name such as America/Chicago)' },
          { row: 2, column: 'capacity', reason: 'capacity must be a whole number 1-1000, not "two"' },
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const cells = rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(cells[0]).toEqual(['2', 'capacity', 'capacity must be a whole number 1-1000, not "two"']);
    expect(cells[1][0]).toBe('3');
    expect(cells[1][1]).toBe('time_zone');
    expect(cells[2]).toEqual(['4', 'id', 'duplicate id "F1" (first used in row 3)']);
    expect(screen.getByRole('columnheader', { name: 'What to fix' })).toBeTruthy();
    expect(screen.getByText(/3 problems in 3 rows/)).toBeTruthy();
  });

  it('shows a whole-file problem without a row', () => {
    render(<ProblemTable problems={[{ row: 0, column: '', reason: 'missing required column "role"' }]} />);
    const cells = within(screen.getAllByRole('row')[1]).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['—', '(whole row)', 'missing required column "role"']);
    expect(screen.getByText(/1 problem in 1 row\./)).toBeTruthy();
  });

  it('lists every one of many problems and counts them by column', () => {
    const problems = Array.from({ length: 600 }, (_, i) => ({
      row: 2 + Math.floor(i / 2),
      column: i % 2 ? 'email' : 'time_zone',
      reason: `problem ${i}`,
    }));
    render(<ProblemTable problems={problems} />);
    expect(screen.getAllByRole('row')).toHaveLength(601);
    expect(screen.getByText(/600 problems in 300 rows \(time_zone: 300, email: 300\)/)).toBeTruthy();
    // The table scrolls on its own and can be reached by keyboard.
    expect(screen.getByRole('region', { name: 'Problems found in the file' }).tabIndex).toBe(0);
  });
});
