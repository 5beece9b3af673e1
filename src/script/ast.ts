// The syntax tree of one script line: `[PROC ":"] [name {"," name} "="] call "(" [arg {"," arg}] ")"`.
import type { Pos } from './errors.ts';

export interface IntNode {
  readonly kind: 'int';
  readonly value: bigint;
  readonly text: string;
  readonly pos: Pos;
}

/** A bare identifier: a bound name, a flag name or `NULL`; which one depends on the parameter. */
export interface IdentNode {
  readonly kind: 'ident';
  readonly name: string;
  readonly pos: Pos;
}

/** `A|B|0x10`: a flag expression of two or more terms. */
export interface OrNode {
  readonly kind: 'or';
  readonly terms: readonly (IntNode | IdentNode)[];
  readonly pos: Pos;
}

export interface StringNode {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  /** The literal as written, quotes and escapes included. */
  readonly text: string;
  readonly pos: Pos;
}

export type ArgNode = IntNode | IdentNode | OrNode | StringNode;

export interface NameNode {
  readonly name: string;
  readonly pos: Pos;
}

/** One call line as written. */
export interface LineNode {
  readonly line: number;
  /** The process prefix, or null for the first process. */
  readonly proc: NameNode | null;
  readonly names: readonly NameNode[];
  readonly call: NameNode;
  readonly args: readonly ArgNode[];
  /** The call's text without comment, whitespace-normalised (the `TEXT` of output lines). */
  readonly text: string;
}

/** Source form of an argument, as printed in normalised call text. */
export function argText(a: ArgNode): string {
  switch (a.kind) {
    case 'int':
    case 'string':
      return a.text;
    case 'ident':
      return a.name;
    case 'or':
      return a.terms.map(argText).join('|');
  }
}

export function lineText(
  proc: NameNode | null,
  names: readonly NameNode[],
  call: string,
  args: readonly ArgNode[],
): string {
  const p = proc === null ? '' : `${proc.name}: `;
  const n = names.length === 0 ? '' : `${names.map((x) => x.name).join(', ')} = `;
  return `${p}${n}${call}(${args.map(argText).join(', ')})`;
}
