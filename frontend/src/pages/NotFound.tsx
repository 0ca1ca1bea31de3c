export function NotFound({ path }: { path: string }) {
  return (
    <div class="page-narrow">
      <h1>Nothing here</h1>
      <p>
        There is no page at <code>{path}</code>.
      </p>
      <a href="/" data-nav class="button primary">
        Go to the workspaces
      </a>
    </div>
  );
}
