import { describe, expect, it } from 'vitest';
import { parseLinearLocation } from '../../../lib/trackers/linear/page';

const SITE = 'https://linear.app';

describe('parseLinearLocation', () => {
  it.each([
    ['/acme/issue/ENG-123/faster-checkout', 'acme', 'ENG-123'],
    ['/acme/issue/ENG-123', 'acme', 'ENG-123'],
    ['/acme/issue/ENG-123/', 'acme', 'ENG-123'],
    ['/acme/issue/eng-123/faster-checkout', 'acme', 'ENG-123'],
    ['/Acme-Inc/issue/A1-7/x', 'acme-inc', 'A1-7'],
    ['/acme/issue/ENG-123/faster-checkout?comment=abc#comment-abc', 'acme', 'ENG-123'],
    ['/acme/issue/ENG-123/%E2%9C%93-done', 'acme', 'ENG-123'],
  ])('%s is issue %s/%s', (path, workspace, key) => {
    expect(parseLinearLocation(SITE + path)).toEqual({ type: 'issue', key, workspace, site: SITE });
  });

  it.each([
    ['/acme/team/ENG/active', { view: 'team', teamKey: 'ENG' }],
    ['/acme/team/ENG/all', { view: 'team', teamKey: 'ENG' }],
    ['/acme/team/eng/backlog', { view: 'team', teamKey: 'ENG' }],
    ['/acme/team/ENG/triage', { view: 'team', teamKey: 'ENG' }],
    ['/acme/team/ENG/board', { view: 'team', teamKey: 'ENG' }],
    ['/acme/team/ENG/cycle/current', { view: 'cycle', teamKey: 'ENG' }],
    ['/acme/team/ENG/cycle/42', { view: 'cycle', teamKey: 'ENG' }],
    ['/acme/my-issues', { view: 'my-issues' }],
    ['/acme/my-issues/assigned', { view: 'my-issues' }],
    ['/acme/my-issues/created?filter=x', { view: 'my-issues' }],
    ['/acme/project/checkout-7c1d2e', { view: 'project' }],
    ['/acme/project/checkout-7c1d2e/issues', { view: 'project' }],
    ['/acme/view/my-bugs-3f2a', { view: 'view' }],
  ])('%s is list %o', (path, expected) => {
    expect(parseLinearLocation(SITE + path)).toEqual({ type: 'list', workspace: 'acme', site: SITE, ...expected });
  });

  it.each([
    'https://linear.app/',
    'https://linear.app/login',
    'https://linear.app/acme',
    'https://linear.app/acme/inbox',
    'https://linear.app/acme/settings/teams/ENG',
    'https://linear.app/acme/team/ENG/projects',
    'https://linear.app/acme/team/ENG/settings',
    'https://linear.app/acme/project/checkout-7c1d2e/updates',
    'https://linear.app/acme/issue/ENG',
    'https://linear.app/acme/issue/ENG-0',
    'https://linear.app/acme/issue/ENG-12/slug/extra',
    'https://linear.app/acme/issue',
    'https://api.linear.app/graphql',
    'https://acme.atlassian.net/browse/ENG-1',
    'https://linear.app.evil.example/acme/issue/ENG-1',
    'not a url',
  ])('%s is not ours', (url) => {
    expect(parseLinearLocation(url)).toBeNull();
  });
});
