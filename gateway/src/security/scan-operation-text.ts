import { GraphQLError, Lexer, Source, type Token, TokenKind } from 'graphql';
import {
  OPERATION_TOO_DEEP,
  OPERATION_TOO_LARGE,
  OPERATION_TOO_MANY_ALIASES,
  OPERATION_TOO_MANY_FIELDS,
  OPERATION_TOO_MANY_ROOT_FIELDS,
} from '../errors.js';
import { limitError } from './limit-error.js';
import type { OperationLimits } from './operation-limits.js';

/**
 * What the raw text of a document holds, counted token by token without parsing. Counts are per
 * top-level definition (the largest wins), except aliases in a document with one operation,
 * which are those of the whole text (the exact check counts the operation's and each of its
 * fragments' once, and every fragment must be used). They never exceed what the parsed operation
 * measures, so refusing on them never refuses an operation the exact check would accept.
 */
export interface TextMeasurements {
  /** Lexical tokens, comments excluded: what graphql-js counts against `maxLexicalTokens`. */
  tokens: number;
  /** Deepest nesting of `{`, `(` and `[` of any kind: the parser recurses once per level. */
  nesting: number;
  aliases: number;
  /** Fields written directly on an operation's root. */
  rootFields: number;
  fields: number;
  /** True when scanning stopped at `stopAfterTokens`: counts are then lower bounds. */
  truncated: boolean;
}

type Opened = 'field-selection' | 'other-selection' | 'paren' | 'value';

/**
 * Scans a GraphQL document with the graphql-js lexer, iteratively, in one pass. A lexical error
 * ends the scan early: the parser reports it properly later.
 */
export function scanOperationText(
  text: string,
  options: { stopAfterTokens?: number } = {},
): TextMeasurements {
  const result: TextMeasurements = {
    tokens: 0,
    nesting: 0,
    aliases: 0,
    rootFields: 0,
    fields: 0,
    truncated: false,
  };
  const lexer = new Lexer(new Source(text));
  const opened: Opened[] = [];
  let parens = 0;
  let fieldDepth = 0;
  // What a `{` seen now would be the selection set of.
  let owner: 'field' | 'other' = 'other';
  // Only what decides how the next name is read.
  let previous: 'spread' | 'spread-on' | 'at' | 'other' = 'other';
  let definition = newDefinition(false);
  // Between a definition keyword and its `{`: `query Q($a: Int)`, `fragment F on T`.
  let inHeader = false;
  let operations = 0;
  let operationAliases = 0;
  let fragmentAliases = 0;
  const closeDefinition = () => {
    if (definition.operation) {
      operations += 1;
      operationAliases = Math.max(operationAliases, definition.aliases);
    } else {
      fragmentAliases += definition.aliases;
    }
  };

  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      result.tokens += 1;
      if (options.stopAfterTokens !== undefined && result.tokens > options.stopAfterTokens) {
        result.truncated = true;
        break;
      }
      const inSelection = opened.length > 0 && parens === 0;
      switch (token.kind) {
        case TokenKind.BRACE_L: {
          if (opened.length === 0) {
            if (!inHeader) {
              closeDefinition();
              definition = newDefinition(true);
            }
            inHeader = false;
          }
          if (parens > 0) {
            opened.push('value');
            break;
          }
          if (owner === 'field') fieldDepth += 1;
          opened.push(owner === 'field' ? 'field-selection' : 'other-selection');
          owner = 'other';
          break;
        }
        case TokenKind.PAREN_L:
          parens += 1;
          opened.push('paren');
          break;
        case TokenKind.BRACKET_L:
          opened.push('value');
          break;
        case TokenKind.BRACE_R:
        case TokenKind.PAREN_R:
        case TokenKind.BRACKET_R: {
          const closed = opened.pop();
          if (closed === 'paren') parens -= 1;
          if (closed === 'field-selection') fieldDepth -= 1;
          if (token.kind === TokenKind.BRACE_R && parens === 0) owner = 'other';
          break;
        }
        case TokenKind.NAME:
          if (opened.length === 0) {
            owner = 'other';
            if (!inHeader && isDefinitionKeyword(token.value)) {
              closeDefinition();
              definition = newDefinition(token.value !== 'fragment');
              inHeader = true;
            }
          } else if (inSelection) {
            if (previous === 'spread' && token.value === 'on') {
              previous = 'spread-on';
              continue;
            }
            if (previous === 'other' && !isAlias(lexer)) {
              definition.fields += 1;
              if (fieldDepth === 0 && definition.operation) definition.rootFields += 1;
              owner = 'field';
            } else if (previous === 'other') {
              definition.aliases += 1;
            }
          }
          break;
        case TokenKind.SPREAD:
          owner = 'other';
          previous = 'spread';
          continue;
        case TokenKind.AT:
          previous = 'at';
          continue;
      }
      previous = 'other';
      result.nesting = Math.max(result.nesting, opened.length);
      result.aliases = Math.max(result.aliases, definition.aliases);
      result.fields = Math.max(result.fields, definition.fields);
      result.rootFields = Math.max(result.rootFields, definition.rootFields);
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  closeDefinition();
  if (operations <= 1) result.aliases = Math.max(result.aliases, operationAliases + fragmentAliases);
  return result;
}

function newDefinition(operation: boolean) {
  return { operation, aliases: 0, fields: 0, rootFields: 0 };
}

function isDefinitionKeyword(value: string): boolean {
  return value === 'query' || value === 'mutation' || value === 'subscription' || value === 'fragment';
}

function isAlias(lexer: Lexer): boolean {
  const next: Token = lexer.lookahead();
  return next.kind === TokenKind.COLON;
}

/** Refuses a document whose UTF-8 size is over `maxDocumentBytes`, before anything reads it further. */
export function checkDocumentSize(text: string, limits: Pick<OperationLimits, 'maxDocumentBytes'>) {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limits.maxDocumentBytes) return undefined;
  return limitError(
    OPERATION_TOO_LARGE,
    `The operation text is ${bytes} bytes; the limit is ${limits.maxDocumentBytes}.`,
    { limit: limits.maxDocumentBytes, measured: bytes },
  );
}

/**
 * The raw-text gate, run before the document is parsed: size in bytes, then the token scan. It
 * keeps floods (deep nesting, thousands of aliases or fields) away from the recursive parser and
 * from validation, whose field-merging rule is slow on thousands of same-named fields. Field depth
 * is left to the exact check after parsing: bracket nesting already bounds it here.
 */
export function checkOperationText(text: string, limits: OperationLimits): GraphQLError | undefined {
  const tooLarge = checkDocumentSize(text, limits);
  if (tooLarge) return tooLarge;
  const scan = scanOperationText(text, { stopAfterTokens: limits.maxTokens });
  const atLeast = scan.truncated ? 'at least ' : '';
  if (scan.nesting > limits.maxNesting) {
    return limitError(
      OPERATION_TOO_DEEP,
      `The operation nests brackets ({, ( and [) ${atLeast}${scan.nesting} levels deep; the limit is ${limits.maxNesting}.`,
      { limit: limits.maxNesting, measured: scan.nesting },
    );
  }
  if (scan.aliases > limits.maxAliases) {
    return limitError(
      OPERATION_TOO_MANY_ALIASES,
      `The operation has ${atLeast}${scan.aliases} aliases; the limit is ${limits.maxAliases}.`,
      { limit: limits.maxAliases, measured: scan.aliases },
    );
  }
  if (scan.rootFields > limits.maxRootFields) {
    return limitError(
      OPERATION_TOO_MANY_ROOT_FIELDS,
      `The operation selects ${atLeast}${scan.rootFields} root fields; the limit is ${limits.maxRootFields}.`,
      { limit: limits.maxRootFields, measured: scan.rootFields },
    );
  }
  if (scan.fields > limits.maxFields) {
    return limitError(
      OPERATION_TOO_MANY_FIELDS,
      `The operation selects ${atLeast}${scan.fields} fields; the limit is ${limits.maxFields}.`,
      { limit: limits.maxFields, measured: scan.fields },
    );
  }
  if (scan.truncated) {
    return limitError(
      OPERATION_TOO_LARGE,
      `The operation has more than ${limits.maxTokens} lexical tokens; the limit is ${limits.maxTokens}.`,
      { limit: limits.maxTokens, measured: scan.tokens },
    );
  }
  return undefined;
}
