import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { TagPicker } from '../src/components/TagPicker';

const options = ['immune thrombocytopenia', 'thrombosis', 'hemophilia', 'sickle cell disease'].map((v) => ({ value: v, label: v }));

function Controlled({ allowFree = true }: { allowFree?: boolean }) {
  const [v, setV] = useState<string[]>([]);
  return (
    <>
      <TagPicker label="Interests" options={options} value={v} onChange={setV} allowFree={allowFree} />
      <output data-testid="value">{v.join('|')}</output>
    </>
  );
}

describe('TagPicker', () => {
  it('searches, puts the best match first and picks it with Enter', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, 'thromb');
    const opts = screen.getAllByRole('option');
    expect(opts.map((o) => o.textContent)).toEqual(['thrombosis', 'immune thrombocytopenia', 'Add “thromb” — not in the list']);
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('value').textContent).toBe('thrombosis');
    expect((box as HTMLInputElement).value).toBe('');
  });

  it('moves through suggestions with the arrow keys and removes chips', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, 'thromb{ArrowDown}{Enter}');
    expect(screen.getByTestId('value').textContent).toBe('immune thrombocytopenia');
    await user.type(box, 'Sickle_Cell{Enter}');
    expect(screen.getByTestId('value').textContent).toBe('immune thrombocytopenia|sickle cell disease');
    await user.click(screen.getByRole('button', { name: 'Remove immune thrombocytopenia' }));
    expect(screen.getByTestId('value').textContent).toBe('sickle cell disease');
    await user.click(box);
    await user.keyboard('{Backspace}');
    expect(screen.getByTestId('value').textContent).toBe('');
  });

  it('adds a free tag in canonical form only when allowed', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Controlled />);
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), '  CAR_T  therapy{Enter}');
    expect(screen.getByTestId('value').textContent).toBe('car t therapy');
    unmount();
    render(<Controlled allowFree={false} />);
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'car t{Enter}');
    expect(screen.getByTestId('value').textContent).toBe('');
  });
});
