/** "<what> <date> with <command>." under a model card section: when and how its figures were made, as recorded. */
export function RecordedWith({ what, date, command }: { what: string; date: string | null | undefined; command: string | null | undefined }) {
  if (!date && !command) return null;
  return (
    <p className="text-xs text-muted">
      {what}
      {date ? ` ${date}` : ''}
      {command ? (
        <>
          {' with '}
          <code className="break-all">{command}</code>
        </>
      ) : null}
      .
    </p>
  );
}
