/** In place of edit and check-in controls when the set is a subscribed file: where to change it instead. */
export function ReadOnlyNotice({ text }: { text: string }) {
  return (
    <p class="status status--idle" data-testid="kr-lens-read-only">
      {text}
    </p>
  );
}
