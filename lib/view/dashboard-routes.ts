/** The dashboard's views live in the URL hash, so the popup and bookmarks can open one. */

export type Route =
  | { view: 'tree'; objectiveId?: string }
  | { view: 'kr'; krId: string }
  | { view: 'lint' }
  | { view: 'review' }
  | { view: 'activity' }
  | { view: 'edit' };

export function parseRoute(hash: string): Route {
  const [view, id] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return '';
      }
    });
  switch (view) {
    case 'kr':
      return id ? { view: 'kr', krId: id } : { view: 'tree' };
    case 'lint':
    case 'review':
    case 'activity':
    case 'edit':
      return { view };
    case 'tree':
      return id ? { view: 'tree', objectiveId: id } : { view: 'tree' };
    default:
      return { view: 'tree' };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'kr':
      return `#/kr/${encodeURIComponent(route.krId)}`;
    case 'tree':
      return route.objectiveId ? `#/tree/${encodeURIComponent(route.objectiveId)}` : '#/tree';
    default:
      return `#/${route.view}`;
  }
}
