// The breadcrumb bar of a map page: the chain of parents (each map, then the step of it that opens the next),
// the map itself, and the sub-journeys it opens. Shown when the map has a parent or a child.

import type { MapLinks } from "../journeyApi";
import { trail } from "../journeys";
import "../styles/journeys.css";

export function JourneyTrail({ links, title }: { links: MapLinks | null; title: string }) {
  if (!links || (links.parents.length === 0 && links.children.length === 0)) return null;
  const crumbs = trail(links, title);
  return (
    <nav class="journey-trail" aria-label="Journey breadcrumb" data-testid="journey-trail">
      <span class="journey-trail-label">Journey</span>
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={i} class={`is-${crumb.kind}`}>
            {crumb.href ? (
              <a href={crumb.href} data-nav data-testid="journey-crumb" title={crumb.kind === "step" ? "The step that opens the next map" : undefined}>
                {crumb.label}
              </a>
            ) : (
              <span aria-current="page">{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
      {links.children.length > 0 && (
        <span class="journey-trail-children">
          <span class="journey-trail-label">Sub-journeys</span>
          {links.children.map((child) => (
            <a key={child.map_id} href={`/m/${child.map_id}`} data-nav data-testid="journey-child" title={child.step_name ? `Opened from the step “${child.step_name}”` : undefined}>
              {child.title || child.ref}
            </a>
          ))}
        </span>
      )}
    </nav>
  );
}
