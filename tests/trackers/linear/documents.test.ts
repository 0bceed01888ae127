/**
 * Every GraphQL document the Linear adapter sends, checked against Linear's published schema file
 * directly (not only through the fake), and against Linear's complexity ceiling at full page size.
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  byIdentifiers,
  descendantsFilter,
  krAttachmentFilter,
  LARGEST_PAGE,
  LINEAR_DOCUMENTS,
  MAX_PAGE_SIZE,
} from '../../../lib/trackers/linear/documents';
import { checkLinearDocument, estimateComplexity, LINEAR_MAX_COMPLEXITY } from '../../sandbox/contract/graphql';

describe('Linear documents', () => {
  const documents = Object.entries(LINEAR_DOCUMENTS);

  it('has one entry per operation the adapter sends', () => {
    expect(documents.length).toBeGreaterThanOrEqual(11);
  });

  it.each(documents)('%s validates against linear.schema.graphql', (name, source) => {
    const check = checkLinearDocument(source);
    expect(check.ok ? [] : check.errors).toEqual([]);
    expect(check.operationName).toBe(name);
  });

  it.each(documents)('%s stays under Linear’s complexity ceiling at the largest page the adapter sends', (name, source) => {
    const complexity = estimateComplexity(parse(source), { first: LARGEST_PAGE[name] ?? MAX_PAGE_SIZE });
    expect(complexity).toBeLessThanOrEqual(LINEAR_MAX_COMPLEXITY);
  });

  it('the linked issues with their sub-issues would be too complex at a full page each', () => {
    const source = LINEAR_DOCUMENTS.KrLensLinkedWithDescendants!;
    expect(estimateComplexity(parse(source), { first: MAX_PAGE_SIZE })).toBeGreaterThan(LINEAR_MAX_COMPLEXITY);
  });
});

describe('filter builders', () => {
  it('descendantsFilter matches parent, grandparent and great-grandparent', () => {
    const ancestor = { id: { in: ['a'] } };
    expect(descendantsFilter(ancestor)).toEqual({
      or: [{ parent: ancestor }, { parent: { parent: ancestor } }, { parent: { parent: { parent: ancestor } } }],
    });
  });

  it.each([
    [new Map([['MOB', [1, 2]]]), { team: { key: { eq: 'MOB' } }, number: { in: [1, 2] } }],
    [
      new Map([
        ['MOB', [1]],
        ['WEB', [4]],
      ]),
      {
        or: [
          { team: { key: { eq: 'MOB' } }, number: { in: [1] } },
          { team: { key: { eq: 'WEB' } }, number: { in: [4] } },
        ],
      },
    ],
  ])('byIdentifiers groups numbers per team', (numbers, filter) => {
    expect(byIdentifiers(numbers)).toEqual(filter);
  });

  it.each([
    [[], { title: { startsWith: 'KR: ' } }],
    [['https://x.example#kr-a'], { or: [{ title: { startsWith: 'KR: ' } }, { url: { in: ['https://x.example#kr-a'] } }] }],
  ])('krAttachmentFilter(%j) narrows attachments to KR links', (urls, filter) => {
    expect(krAttachmentFilter(urls)).toEqual(filter);
  });
});

describe('completeness', () => {
  it('lists every operation documents.ts defines, so none escapes the schema check', async () => {
    const module = await import('../../../lib/trackers/linear/documents');
    const operations = Object.values(module)
      .filter((value): value is string => typeof value === 'string')
      .flatMap((source) => [...source.matchAll(/^\s*(?:query|mutation)\s+(\w+)/gm)].map((match) => match[1]!));
    expect(new Set(operations)).toEqual(new Set(Object.keys(LINEAR_DOCUMENTS)));
  });
});
