import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import { TagPicker } from '../src/components/TagPicker';

const options = ['immune thrombocytopenia', 'thrombosis', 'hemophilia', 'sickle cell disease', 'clinical trials'].map((v) => ({ value: v, label: v }));

function Controlled({ allowFree = true }: { allowFree?: boolean }) {
  const [v, setV] = useState<string[]>([]);
  return (
    <>
      <TagPicker label="Interests" options={options} value={v} onChange={setV} allowFree={allowFree} />
      <output data-testid="value">{v.join('|')}</output>
    </>
  );
}

const value = () => screen.getByTestId('value').textContent;

describe('TagPicker (WAI-ARIA APG combobox, manual selection)', () => {
  it('searches, puts the best match first, highlights nothing until the arrows move', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, 'thromb');
    const opts = screen.getAllByRole('option');
    expect(opts.map((o) => o.textContent)).toEqual(['thrombosis', 'immune thrombocytopenia']);
    expect(opts.every((o) => o.getAttribute('aria-selected') === 'false')).toBe(true);
    expect(box.getAttribute('aria-activedescendant')).toBeNull();
    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(opts[0].id);
    expect(opts[0].getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(value()).toBe('thrombosis');
    expect((box as HTMLInputElement).value).toBe('');
  });

  // The walkthrough's defect: "clin", ArrowDown, Enter saved the junk tag "clin".
  it('picks the highlighted taxonomy match, never the typed text, with ArrowDown and Enter', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, 'clin{ArrowDown}{Enter}');
    expect(value()).toBe('clinical trials');
    await user.type(box, 'transpl{Enter}');
    expect(value()).toBe('clinical trials');
    await user.type(box, '{ArrowDown}{ArrowDown}{Enter}');
    expect(value()).toBe('clinical trials');
    expect((box as HTMLInputElement).value).toBe('transpl');
  });

  it('moves through suggestions with the arrow keys, wraps, closes with Escape and removes chips', async () => {
    const user = userEvent.setup();
    render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, 'thromb{ArrowDown}{ArrowDown}{Enter}');
    expect(value()).toBe('immune thrombocytopenia');
    await user.type(box, 'he{ArrowUp}');
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('hemophilia');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('option')).toBeNull();
    expect((box as HTMLInputElement).value).toBe('he');
    await user.keyboard('{Escape}');
    expect((box as HTMLInputElement).value).toBe('');
    await user.type(box, 'Sickle_Cell disease{Enter}');
    expect(value()).toBe('immune thrombocytopenia|sickle cell disease');
    await user.click(screen.getByRole('button', { name: 'Remove immune thrombocytopenia' }));
    expect(value()).toBe('sickle cell disease');
    await user.click(box);
    await user.keyboard('{Backspace}');
    expect(value()).toBe('');
  });

  it('adds a free tag in canonical form only by its own button, and only when allowed', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Controlled />);
    const box = screen.getByRole('combobox', { name: 'Interests' });
    await user.type(box, '  CAR_T  therapy{Enter}');
    expect(value()).toBe('');
    await user.click(screen.getByRole('button', { name: 'Add “car t therapy” as a new tag' }));
    expect(value()).toBe('car t therapy');
    unmount();
    render(<Controlled allowFree={false} />);
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'car t{Enter}');
    expect(value()).toBe('');
    expect(screen.queryByRole('button', { name: /as a new tag/ })).toBeNull();
  });
});
