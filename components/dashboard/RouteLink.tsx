import type { ComponentChildren } from 'preact';
import { routeHash, type Route } from '../../lib/view/dashboard-routes';

export interface RouteLinkProps {
  to: Route;
  onNavigate: (route: Route) => void;
  children: ComponentChildren;
  class?: string;
  testId?: string;
  current?: boolean;
}

/**
 * A real link (it opens in a new tab, copies, and reads as a link) that navigates in place on a
 * plain click; the page keeps the URL hash in step with the route.
 */
export function RouteLink({ to, onNavigate, children, class: className, testId, current }: RouteLinkProps) {
  return (
    <a
      href={routeHash(to)}
      class={className}
      data-testid={testId}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        onNavigate(to);
      }}
    >
      {children}
    </a>
  );
}
