/** Shared by the page tests: load HTML into a detached document, read the saved fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxIssue } from '../../sandbox/pages';

export function loadHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

export function fixture(name: string): string {
  // import.meta.dirname, not import.meta.url: under happy-dom the URL is rebased onto the page.
  return readFileSync(join(import.meta.dirname, '../../fixtures/pages', name), 'utf8');
}

export function hostsIn(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll('kr-lens-overlay'));
}

/** A small family: an epic, two children (one with hostile markup in its title), one grandchild. */
export function family(prefix: string): SandboxIssue[] {
  return [
    {
      key: `${prefix}-1`,
      title: 'Checkout revamp',
      status: 'In Progress',
      type: 'epic',
      assignee: 'Ada Lovelace',
      description: 'Make checkout faster.',
    },
    {
      key: `${prefix}-2`,
      title: 'One-click pay </script><!-- <b>bold</b> & "quotes"',
      status: 'To Do',
      type: 'story',
      parentKey: `${prefix}-1`,
      assignee: 'Grace Hopper',
    },
    { key: `${prefix}-3`, title: 'Fix card validation', status: 'Done', type: 'bug', parentKey: `${prefix}-1` },
    { key: `${prefix}-4`, title: 'Validate expiry dates', status: 'In Progress', type: 'subtask', parentKey: `${prefix}-3` },
  ];
}
