// --token-auth-file: Kubernetes' static token file (k8s.io/apiserver tokenfile.NewCSV), CSV
// records `token,user,uid[,"group1,group2,..."]` read with Go's encoding/csv rules: a field may
// be quoted (and then hold commas, line breaks and doubled quotes), blank lines are skipped, a
// quote inside an unquoted field is an error. Records with an empty token are skipped; a token
// listed twice keeps its last user. The groups column is split on commas as is (no trimming).

import { readFileSync } from 'node:fs';
import type { UserInfo } from './user.js';

export interface TokenFile {
  tokens: Map<string, UserInfo>;
  /** Things Kubernetes only warns about (empty or duplicate tokens), one message each. */
  warnings: string[];
}

export class TokenFileError extends Error {
  constructor(path: string, line: number, problem: string) {
    super(`token file '${path}' line ${line}: ${problem}`);
    this.name = 'TokenFileError';
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Go encoding/csv (Comma ',', no comments, strict quotes, any number of fields per record). */
function parseCsv(text: string, path: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const src = text.replace(/\r\n/g, '\n');
  let i = 0;
  let line = 1;
  while (i < src.length) {
    if (src[i] === '\n') {
      // A blank line is not a record.
      i++;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= src.length)
            throw new TokenFileError(path, quoteLine, 'extraneous or missing " in quoted field');
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n')
          throw new TokenFileError(path, line, 'extraneous or missing " in quoted field');
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n') {
          if (src[i] === '"') throw new TokenFileError(path, line, 'bare " in non-quoted field');
          field += src[i];
          i++;
        }
      }
      fields.push(field);
      if (src[i] === ',') {
        i++;
        continue;
      }
      // End of the record: a line break or the end of the text.
      if (src[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
  }
  return records;
}

export function parseTokenFile(text: string, path: string): TokenFile {
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  for (const { line, fields } of parseCsv(text, path)) {
    if (fields.length < 3)
      throw new TokenFileError(
        path,
        line,
        `must have at least 3 columns (token, user name, user uid), found ${fields.length}`,
      );
    const [token, name, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '') {
      warnings.push(`token file '${path}' line ${line}: empty token, record skipped`);
      continue;
    }
    if (tokens.has(token)) warnings.push(`token file '${path}' line ${line}: duplicate token, last one wins`);
    tokens.set(token, { name, uid, groups: groups === undefined ? [] : groups.split(',') });
  }
  return { tokens, warnings };
}

/** Reads and parses the file; any problem is an Error whose message names the file (and line). */
export function loadTokenFile(path: string): TokenFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read token file '${path}': ${(e as Error).message}`, { cause: e });
  }
  return parseTokenFile(text, path);
}
