/**
 * The subset of JQL the fake Jira understands: enough for what KR Lens sends and for the JQL a
 * user types into a scope. Anything else is answered the way Jira answers it, with a 400 and an
 * error message, so the adapter's error path is exercised instead of silently matching nothing.
 *
 * Grammar: `expr := and (OR and)*`, `and := not (AND not)*`, `not := NOT not | '(' expr ')' | clause`,
 * `clause := field op value`, followed by an optional `ORDER BY field [ASC|DESC], …`.
 */

export class JqlError extends Error {}

type Token =
  | { type: 'word'; value: string }
  | { type: 'string'; value: string }
  | { type: 'op'; value: string }
  | { type: 'punct'; value: '(' | ')' | ',' };

export type JqlValue =
  | { type: 'literal'; value: string }
  | { type: 'list'; values: JqlValue[] }
  | { type: 'function'; name: string; args: string[] }
  | { type: 'empty' };

export type JqlNode =
  | { type: 'and' | 'or'; children: JqlNode[] }
  | { type: 'not'; child: JqlNode }
  | { type: 'clause'; field: string; op: string; value: JqlValue };

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: Array<{ field: string; direction: 'asc' | 'desc' }>;
}

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < jql.length && jql[i] !== c) {
        if (jql[i] === '\\' && i + 1 < jql.length) i++;
        value += jql[i];
        i++;
      }
      if (i >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string '${value}' has not been completed.`);
      i++;
      tokens.push({ type: 'string', value });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', value: c });
      i++;
    } else if (/[!<>=~]/.test(c)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : c;
      if (op === '!') throw new JqlError(`Error in the JQL Query: The character '!' is a reserved JQL character.`);
      tokens.push({ type: 'op', value: op });
      i += op.length;
    } else {
      const match = /^[A-Za-z0-9_.\-+:@/]+/.exec(jql.slice(i));
      if (!match) throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character.`);
      tokens.push({ type: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

const isWord = (token: Token | undefined, word: string) => token?.type === 'word' && token.value.toLowerCase() === word.toLowerCase();

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const fail = (expected: string): never => {
    const token = peek();
    throw new JqlError(
      token
        ? `Error in the JQL Query: Expecting ${expected} but got '${token.value}'.`
        : `Error in the JQL Query: Expecting ${expected} but reached the end of the query.`,
    );
  };

  const parseValueAtom = (): JqlValue => {
    const token = next();
    if (!token) return fail('a value');
    if (token.type === 'string') return { type: 'literal', value: token.value };
    if (token.type === 'word') {
      if (token.value.toUpperCase() === 'EMPTY' || token.value.toUpperCase() === 'NULL') return { type: 'empty' };
      if (peek()?.type === 'punct' && peek()!.value === '(') {
        next();
        const args: string[] = [];
        while (!(peek()?.type === 'punct' && peek()!.value === ')')) {
          const arg = next();
          if (!arg || arg.type === 'punct' || arg.type === 'op') return fail("a function argument or ')'");
          args.push(arg.value);
          if (peek()?.type === 'punct' && peek()!.value === ',') next();
        }
        next();
        return { type: 'function', name: token.value, args };
      }
      return { type: 'literal', value: token.value };
    }
    return fail('a value');
  };

  const parseValue = (): JqlValue => {
    if (peek()?.type === 'punct' && peek()!.value === '(') {
      next();
      const values: JqlValue[] = [];
      while (true) {
        values.push(parseValueAtom());
        const sep = next();
        if (sep?.type === 'punct' && sep.value === ')') break;
        if (!(sep?.type === 'punct' && sep.value === ',')) {
          pos--;
          fail("',' or ')'");
        }
      }
      return { type: 'list', values };
    }
    return parseValueAtom();
  };

  const parseClause = (): JqlNode => {
    const fieldToken = next();
    if (!fieldToken || (fieldToken.type !== 'word' && fieldToken.type !== 'string')) return fail('a field name');
    const field = fieldToken.value.toLowerCase();
    let op: string;
    const token = peek();
    if (token?.type === 'op') {
      op = token.value;
      next();
    } else if (isWord(token, 'in')) {
      op = 'in';
      next();
    } else if (isWord(token, 'not') && isWord(tokens[pos + 1], 'in')) {
      op = 'not in';
      pos += 2;
    } else if (isWord(token, 'is')) {
      next();
      if (isWord(peek(), 'not')) {
        next();
        op = 'is not';
      } else op = 'is';
    } else return fail('an operator');
    return { type: 'clause', field, op, value: parseValue() };
  };

  const parseNot = (): JqlNode => {
    if (isWord(peek(), 'not')) {
      next();
      return { type: 'not', child: parseNot() };
    }
    if (peek()?.type === 'punct' && peek()!.value === '(') {
      next();
      const inner = parseOr();
      const close = next();
      if (!(close?.type === 'punct' && close.value === ')')) {
        pos--;
        fail("')'");
      }
      return inner;
    }
    return parseClause();
  };

  const parseAnd = (): JqlNode => {
    const children = [parseNot()];
    while (isWord(peek(), 'and')) {
      next();
      children.push(parseNot());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  };

  function parseOr(): JqlNode {
    const children = [parseAnd()];
    while (isWord(peek(), 'or')) {
      next();
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  const where = isWord(peek(), 'order') ? null : peek() ? parseOr() : null;
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord(peek(), 'order')) {
    next();
    if (!isWord(next(), 'by')) {
      pos--;
      fail("'by'");
    }
    while (true) {
      const field = next();
      if (!field || field.type !== 'word') return fail('a field to order by');
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord(peek(), 'asc') || isWord(peek(), 'desc')) direction = next()!.value.toLowerCase() as 'asc' | 'desc';
      orderBy.push({ field: field.value.toLowerCase(), direction });
      if (peek()?.type === 'punct' && peek()!.value === ',') next();
      else break;
    }
  }
  if (peek()) fail("'AND', 'OR' or 'ORDER BY'");
  return { where, orderBy };
}
