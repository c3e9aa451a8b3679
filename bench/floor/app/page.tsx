/** Static text and no client component: the page ships only the framework's own first-load scripts. */
export default function FloorPage() {
  return (
    <main>
      <h1>This Symbol Does Not Exist</h1>
      <p>An app-router page with no client component, no web font and no image: what the framework alone costs.</p>
    </main>
  );
}
