// Models fs/pipe.c: fifo_open (pipefifo_fops.open), wait_for_partner and wake_up_partner for named FIFOs.
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock } from '../kernel/lock.ts';
import { rd, rmw, type Gen } from '../kernel/step.ts';
import { O_NONBLOCK } from '../kernel/uapi.ts';
import { FMODE_READ, FMODE_WRITE, type File, type Inode } from '../kernel/vfs.ts';
import { wait_event, wake_up, wake_up_all } from '../kernel/wait.ts';
import { alloc_pipe_info, free_pipe_info, put_pipe_info, PipeInodeInfo } from './pipe_inode.ts';

/** wake_up_partner: a keyless wakeup of everything on rd_wait (openers waiting for a partner sleep there). */
function wake_up_partner(pipe: PipeInodeInfo): Gen {
  return wake_up_all(pipe.rd_wait);
}

type Counter = 'r_counter' | 'w_counter';

/**
 * wait_for_partner: called with pipe->mutex held; sleeps on rd_wait (dropping the mutex) until the other side's open
 * counter moves. 0 on success, -EINTR (the kernel's -ERESTARTSYS) if a signal ended the wait first.
 */
const wait_for_partner = kfn('wait_for_partner', function* (pipe: PipeInodeInfo, cnt: Counter): Gen<number> {
  const cur = pipe[cnt];
  while (cur === pipe[cnt]) {
    yield* mutex_unlock(pipe.mutex);
    const r = yield* wait_event(pipe.rd_wait, function* () {
      yield rd(pipe, cnt);
      return pipe[cnt] !== cur;
    });
    yield* mutex_lock(pipe.mutex);
    yield rd(pipe, cnt);
    if (r === 'signal') break;
  }
  return cur === pipe[cnt] ? -ERRNO.EINTR : 0;
});

/** Find or install the inode's pipe (under inode->i_lock) and take one `files` use of it. */
function* get_pipe_for_inode(inode: Inode): Gen<PipeInodeInfo> {
  yield rmw(inode, 'i_pipe');
  if (inode.i_pipe instanceof PipeInodeInfo) {
    inode.i_pipe.files++;
    return inode.i_pipe;
  }
  const fresh = alloc_pipe_info();
  fresh.files = 1;
  yield rmw(inode, 'i_pipe');
  if (inode.i_pipe instanceof PipeInodeInfo) {
    const other = inode.i_pipe;
    other.files++;
    yield* free_pipe_info(fresh);
    return other;
  }
  inode.i_pipe = fresh;
  fresh.inode = inode;
  return fresh;
}

/**
 * fifo_open: O_RDONLY waits for a writer unless O_NONBLOCK (then HUP is suppressed until a writer has come and gone:
 * f_version = w_counter); O_WRONLY|O_NONBLOCK without a reader is ENXIO, blocking O_WRONLY waits for a reader; O_RDWR
 * never waits. Files of anonymous pipes (pipefs) never wait.
 */
export const fifo_open = kfn('fifo_open', function* (inode: Inode, filp: File): Gen<number> {
  const is_pipe = inode.i_sb.s_type === 'pipefs';
  filp.f_version = 0;
  const pipe = yield* get_pipe_for_inode(inode);
  filp.private_data = pipe;
  yield* mutex_lock(pipe.mutex);
  const nonblock = (filp.f_flags & O_NONBLOCK) !== 0;
  let ret = 0;
  switch (filp.f_mode & (FMODE_READ | FMODE_WRITE)) {
    case FMODE_READ:
      // r_counter and w_counter are steps of their own: wait_for_partner reads them without the mutex.
      yield rmw(pipe, 'r_counter');
      pipe.r_counter++;
      yield rmw(pipe, 'readers');
      if (pipe.readers++ === 0) yield* wake_up_partner(pipe);
      yield rd(pipe, 'writers');
      if (!is_pipe && pipe.writers === 0) {
        if (nonblock) {
          filp.f_version = pipe.w_counter;
        } else if ((yield* wait_for_partner(pipe, 'w_counter')) !== 0) {
          yield rmw(pipe, 'readers');
          if (--pipe.readers === 0) yield* wake_up(pipe.wr_wait);
          ret = -ERRNO.EINTR;
        }
      }
      break;
    case FMODE_WRITE:
      yield rd(pipe, 'readers');
      if (!is_pipe && nonblock && pipe.readers === 0) {
        ret = -ERRNO.ENXIO;
        break;
      }
      yield rmw(pipe, 'w_counter');
      pipe.w_counter++;
      yield rmw(pipe, 'writers');
      if (pipe.writers++ === 0) yield* wake_up_partner(pipe);
      yield rd(pipe, 'readers');
      if (!is_pipe && pipe.readers === 0) {
        if ((yield* wait_for_partner(pipe, 'r_counter')) !== 0) {
          yield rmw(pipe, 'writers');
          if (--pipe.writers === 0) yield* wake_up_all(pipe.rd_wait);
          ret = -ERRNO.EINTR;
        }
      }
      break;
    case FMODE_READ | FMODE_WRITE:
      yield rmw(pipe, 'readers');
      pipe.readers++;
      yield rmw(pipe, 'writers');
      pipe.writers++;
      yield rmw(pipe, 'r_counter');
      pipe.r_counter++;
      yield rmw(pipe, 'w_counter');
      pipe.w_counter++;
      if (pipe.readers === 1 || pipe.writers === 1) yield* wake_up_partner(pipe);
      break;
    default:
      ret = -ERRNO.EINVAL;
  }
  yield* mutex_unlock(pipe.mutex);
  if (ret < 0) yield* put_pipe_info(inode, pipe);
  return ret;
});
