// Which checklist groups (docs/conformance.md, A..J) a call's line exercises: part of its CallDef, read by
// src/conformance/groups.ts over a run's lines in order.

/** One line of a run, as the group rules see it. */
export interface GroupLine {
  /** The argument texts of the normalised call `name(a, b, c)`. */
  readonly args: readonly string[];
  /** The names the line binds. */
  readonly names: readonly string[];
  /** The model's call returned -1. */
  readonly failed: boolean;
  /** Events the model's call reported. */
  readonly events: number;
}

/** What earlier lines of the run leave for later ones. */
export interface GroupState {
  /** Names bound to epoll instances. */
  readonly epolls: Set<string>;
  /** Names bound to files an epoll can watch (pipes, sockets, eventfds, opened files, timerfds). */
  readonly files: Set<string>;
  /** A successful EPOLL_CTL_ADD has run. */
  added: boolean;
}

/** The groups a line adds; it may record what later lines need in `st`. */
export type GroupRule = (line: GroupLine, st: GroupState) => readonly string[];

/** A call creating files an epoll can watch: no group of its own; ctls on them are group I. */
export const createsFiles: GroupRule = (line, st) => {
  line.names.forEach((n) => st.files.add(n));
  return [];
};

/** A call that can close a registered file (close, dup2, dup3, close_range): group C after a successful ADD. */
export const closesFiles: GroupRule = (_line, st) => (st.added ? ['C'] : []);

/** exit: ends a process (group J), and can close registered files (group C after a successful ADD). */
export const exitsProcess: GroupRule = (line, st) => [...closesFiles(line, st), 'J'];

/** fork: starts a process (group J). */
export const forksProcess: GroupRule = () => ['J'];
