// Type test (run by `npm run typecheck`, not by node:test): a step names a location its object's type has. Each
// `@ts-expect-error` fails the typecheck if the error it expects disappears, i.e. if `Loc<O>` stopped rejecting it.
import type { Eventpoll } from '../../src/epoll/eventpoll.ts';
import type { FilesStruct } from '../../src/kernel/fdtable.ts';
import type { Globals } from '../../src/kernel/machine.ts';
import { KObject } from '../../src/kernel/object.ts';
import { rcuRd, rd, rmw, wr, type Loc, type Step } from '../../src/kernel/step.ts';
import type { File } from '../../src/kernel/vfs.ts';

export function accepted(file: File, ep: Eventpoll, fs: FilesStruct, g: Globals): Step[] {
  return [
    rmw(file, 'f_count'), // a field of struct file
    rd(ep, 'busy_poll'), // a declared location standing for several fields
    wr(fs, 'fd[3]'), // a declared array slot
    rd(ep.mtx, 'wait_lock'), // a location inside an embedded lock
    rcuRd(ep.refs, 'first'), // an embedded hlist head
    rd(g, 'loop_check_gen'), // a global
  ];
}

export function rejected(file: File, ep: Eventpoll, fs: FilesStruct, g: Globals): Step[] {
  return [
    // @ts-expect-error a typo of f_count
    rmw(file, 'f_cuont'),
    // @ts-expect-error a field of another struct (eventpoll's rdllist on a file)
    rd(file, 'rdllist'),
    // @ts-expect-error the substrate's bookkeeping is not kernel state
    wr(file, 'freed'),
    // @ts-expect-error not an fd slot
    wr(fs, 'fd[x]'),
    // @ts-expect-error an undeclared location of the embedded lock
    rd(ep.mtx, 'f_count'),
    // @ts-expect-error not a global
    rd(g, 'f_ep'),
    // @ts-expect-error an object whose type declares nothing has no location
    rd(new KObject(), 'anything'),
  ];
}

/** `Loc` of a declared location and of a field. */
export const locs: Loc<Eventpoll>[] = ['rdllist', 'busy_poll', 'refcount'];
