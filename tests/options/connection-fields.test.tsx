// @vitest-environment happy-dom
/**
 * A connection's inputs come from its descriptor's `connectionFields`: a tracker with other fields
 * gets them in Options as they are described (kinds, choices, fields shown per choice, stored
 * secrets, test ids), with no markup of its own.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionFields, STORED_PLACEHOLDER } from '../../components/options/ConnectionFields';
import { TRACKER_INFOS } from '../../lib/trackers/catalog';
import type { ConnectionField } from '../../lib/trackers/tracker';

afterEach(cleanup);

/** A tracker Options has never heard of, described the way info.ts describes one. */
const OTHER_FIELDS: ConnectionField[] = [
  { name: 'server', label: 'Server', kind: 'url', required: true, placeholder: 'https://tracker.example' },
  {
    name: 'login',
    label: 'Log in with',
    kind: 'choice',
    required: true,
    choices: [
      { value: 'sso', label: 'Single sign-on', hint: 'Uses your browser session.' },
      { value: 'token', label: 'A token' },
    ],
  },
  {
    name: 'token',
    label: 'Access token',
    kind: 'secret',
    required: true,
    hint: 'Made in your profile.',
    shownWhen: { field: 'login', value: 'token' },
    testId: 'secret',
  },
];
const TRACKER = TRACKER_INFOS[0]!.id;

function draw(values: Record<string, string>, stored: string[] = []) {
  const onInput = vi.fn();
  render(<ConnectionFields tracker={TRACKER} fields={OTHER_FIELDS} id="c" values={values} stored={new Set(stored)} onInput={onInput} />);
  return onInput;
}

describe('connection fields drawn from a descriptor', () => {
  it('shows each field by its kind, in order, and hides those waiting on another choice', () => {
    draw({ server: 'https://tracker.example', login: 'sso' });
    const server = screen.getByLabelText('Server') as HTMLInputElement;
    expect(server.type).toBe('url');
    expect(server.value).toBe('https://tracker.example');
    expect(server.dataset.testid).toBe(`kr-lens-${TRACKER}-server`);
    expect((screen.getByRole('radio', { name: 'Single sign-on' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('Uses your browser session.')).toBeTruthy();
    expect(screen.queryByLabelText('Access token')).toBeNull();
  });

  it('shows a field once its choice is made; a stored secret stays blank and says so', () => {
    draw({ server: '', login: 'token', token: '' }, ['token']);
    const token = screen.getByLabelText('Access token') as HTMLInputElement;
    expect(token.type).toBe('password');
    expect(token.value).toBe('');
    expect(token.placeholder).toBe(STORED_PLACEHOLDER);
    expect(token.dataset.testid).toBe(`kr-lens-${TRACKER}-secret`);
    expect(screen.getByText('Made in your profile.').id).toBe(token.getAttribute('aria-describedby'));
    expect(screen.queryByText('Uses your browser session.')).toBeNull();
  });

  it('reports what is typed or chosen by field name', () => {
    const onInput = draw({ server: '', login: 'sso' });
    fireEvent.input(screen.getByLabelText('Server'), { target: { value: 'https://other.example' } });
    fireEvent.click(screen.getByTestId(`kr-lens-${TRACKER}-login-token`));
    expect(onInput.mock.calls).toEqual([
      ['server', 'https://other.example'],
      ['login', 'token'],
    ]);
  });

  it.each(TRACKER_INFOS.map((info) => [info.id, info] as const))('%s: every field of the catalog entry is drawable', (_id, info) => {
    const values = Object.fromEntries(info.connectionFields.map((field) => [field.name, field.choices?.at(-1)?.value ?? '']));
    render(<ConnectionFields tracker={info.id} fields={info.connectionFields} id="t" values={values} onInput={() => undefined} />);
    for (const field of info.connectionFields) {
      const testId = `kr-lens-${info.id}-${field.testId ?? field.name}`;
      if (field.kind === 'choice')
        for (const choice of field.choices ?? []) expect(screen.getByTestId(`${testId}-${choice.value}`)).toBeTruthy();
      else expect(screen.getByTestId(testId)).toBeTruthy();
    }
  });
});
