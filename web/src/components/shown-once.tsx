/** A secret the server shows once: displayed until dismissed, never stored by the console. */
export function ShownOnce({ what, value, onDone }: { what: string; value: string; onDone: () => void }) {
  return (
    <div className="shown-once" role="alert">
      <p>
        <strong>{what}</strong> — copy it now; it is shown only once.
      </p>
      <code data-testid="shown-once">{value}</code>
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
