import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { AvailabilityGrid } from '../src/components/AvailabilityGrid';
import type { Window } from '../src/lib/time';

function Controlled({ initial = [], onChange }: { initial?: Window[]; onChange?: (w: Window[]) => void }) {
  const [value, setValue] = useState<Window[]>(initial);
  return (
    <AvailabilityGrid
      value={value}
      timeZone="America/Chicago"
      onChange={(w) => {
        setValue(w);
        onChange?.(w);
      }}
    />
  );
}

const cell = (name: string) => screen.getByRole('button', { name });

describe('AvailabilityGrid', () => {
  it('names the time zone and shows stored windows as pressed slots', () => {
    render(<Controlled initial={[{ start_minute: 18 * 60, minutes: 60 }]} />);
    expect(screen.getByRole('grid').getAttribute('aria-label')).toContain('America/Chicago');
    expect(cell('Monday 18:00 to 18:30').getAttribute('aria-pressed')).toBe('true');
    expect(cell('Monday 18:30 to 19:00').getAttribute('aria-pressed')).toBe('true');
    expect(cell('Monday 19:00 to 19:30').getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText(/1 hour a week: Mon 18:00–19:00/)).toBeTruthy();
  });

  it('toggles a slot on click and reports minutes after Monday 00:00', async () => {
    const onChange = vi.fn();
    render(<Controlled onChange={onChange} />);
    await userEvent.click(cell('Tuesday 09:00 to 09:30'));
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 1440 + 9 * 60, minutes: 30 }]);
    await userEvent.click(cell('Tuesday 09:30 to 10:00'));
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 1440 + 9 * 60, minutes: 60 }]);
    await userEvent.click(cell('Tuesday 09:00 to 09:30'));
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 1440 + 9 * 60 + 30, minutes: 30 }]);
  });

  it('is one tab stop, moves with the arrow keys and toggles with Space and Enter', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(
      <>
        <button>before</button>
        <Controlled onChange={onChange} />
      </>,
    );
    const slots = screen.getAllByRole('button').filter((b) => b.classList.contains('slot'));
    expect(slots.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    await user.click(screen.getByText('before'));
    await user.tab();
    expect(document.activeElement).toBe(cell('Monday 18:00 to 18:30'));
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(document.activeElement).toBe(cell('Tuesday 18:30 to 19:00'));
    await user.keyboard(' ');
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 1440 + 18 * 60 + 30, minutes: 30 }]);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 1440 + 18 * 60 + 30, minutes: 60 }]);
    await user.keyboard('{ArrowLeft}{ArrowLeft}{ArrowUp}');
    expect(document.activeElement).toBe(cell('Monday 18:30 to 19:00'));
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(cell('Monday 21:30 to 22:00'));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(cell('Monday 06:00 to 06:30'));
    await user.keyboard('{PageDown}');
    expect(document.activeElement).toBe(cell('Monday 10:00 to 10:30'));
    // Leaving and coming back lands on the last focused slot.
    await user.tab({ shift: true });
    await user.tab();
    expect(document.activeElement).toBe(cell('Monday 10:00 to 10:30'));
  });

  it('paints several slots by dragging', () => {
    const onChange = vi.fn();
    render(<Controlled onChange={onChange} />);
    fireEvent.pointerDown(cell('Wednesday 12:00 to 12:30'), { button: 0 });
    fireEvent.pointerEnter(cell('Wednesday 12:30 to 13:00'));
    fireEvent.pointerEnter(cell('Wednesday 13:00 to 13:30'));
    fireEvent.click(cell('Wednesday 13:00 to 13:30'));
    expect(onChange).toHaveBeenLastCalledWith([{ start_minute: 2 * 1440 + 12 * 60, minutes: 90 }]);
  });

  it('shows night hours when a window is at night, and on request', async () => {
    const { unmount } = render(<Controlled initial={[{ start_minute: 2 * 60, minutes: 30 }]} />);
    expect(cell('Monday 02:00 to 02:30').getAttribute('aria-pressed')).toBe('true');
    unmount();
    render(<Controlled />);
    expect(screen.queryByRole('button', { name: 'Monday 02:00 to 02:30' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show night hours too' }));
    expect(cell('Monday 02:00 to 02:30')).toBeTruthy();
  });

  it('read-only grids have no buttons', () => {
    render(<AvailabilityGrid value={[{ start_minute: 600, minutes: 60 }]} timeZone="UTC" readOnly />);
    expect(screen.queryAllByRole('button').filter((b) => b.classList.contains('slot'))).toHaveLength(0);
    expect(screen.getByLabelText('Monday 10:00 to 10:30: free')).toBeTruthy();
  });
});
