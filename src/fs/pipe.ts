// Models fs/pipe.c: pipe_read, pipe_write, pipe_poll, pipe_release, pipefifo_fops and pipe2(2) (create_pipe_files).
import { current } from '../kernel/current.ts';
import { ERRNO } from '../kernel/errno.ts';
import { fd_install, get_unused_fd_flags, put_unused_fd } from '../kernel/fdtable.ts';
import { fput } from '../kernel/file.ts';
import { kfn } from '../kernel/kfn.ts';
import { mutex_lock, mutex_unlock } from '../kernel/lock.ts';
import { poll_wait } from '../kernel/poll.ts';
import { rd, rmw, wr, type Gen } from '../kernel/step.ts';
import {
  EPOLLERR,
  EPOLLHUP,
  EPOLLIN,
  EPOLLOUT,
  EPOLLRDNORM,
  EPOLLWRNORM,
  O_CLOEXEC,
  O_DIRECT,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
} from '../kernel/uapi.ts';
import {
  FMODE_READ,
  FMODE_WRITE,
  type File,
  type Inode,
  type FileOperations,
  type PollTable,
  type ReadResult,
} from '../kernel/vfs.ts';
import { wait_event, wake_up_all, wake_up_interruptible_poll } from '../kernel/wait.ts';
import { fifo_open } from './fifo.ts';
import { alloc_file_clone, alloc_file_pseudo } from './pseudo.ts';
import {
  alloc_pipe_info,
  PAGE_SIZE,
  pipe_empty,
  pipe_full,
  pipe_of,
  put_pipe_info,
  PIPE_BUF_FLAG_CAN_MERGE,
  PIPE_BUF_FLAG_PACKET,
  PipeBuffer,
  type PipeInodeInfo,
} from './pipe_inode.ts';

/** pipe_readable, checked by a sleeping reader without the mutex: data, or no writer left. */
function* pipe_readable(pipe: PipeInodeInfo): Gen<boolean> {
  yield rd(pipe, 'head_tail');
  if (!pipe_empty(pipe)) return true;
  yield rd(pipe, 'writers');
  return pipe.writers === 0;
}

/** pipe_writable, checked by a sleeping writer without the mutex: a free slot, or no reader left. */
function* pipe_writable(pipe: PipeInodeInfo): Gen<boolean> {
  yield rd(pipe, 'head_tail');
  if (!pipe_full(pipe)) return true;
  yield rd(pipe, 'readers');
  return pipe.readers === 0;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * pipe_read: copy from the oldest slots; a packet slot is consumed whole. Returns what was read as soon as anything
 * was; on an empty pipe returns EOF without writers, -EAGAIN for O_NONBLOCK, else sleeps (exclusively) on rd_wait.
 * Wakes wr_wait with OUT|WRNORM when it emptied a slot of a full pipe.
 */
export const pipe_read = kfn('pipe_read', function* (filp: File, count: number): Gen<ReadResult> {
  const pipe = pipe_of(filp.private_data);
  if (count === 0) return new Uint8Array(0);
  let total_len = count;
  const parts: Uint8Array[] = [];
  let ret = 0;
  let err = 0;
  let wake_writer = false;
  let wake_next_reader = false;
  yield* mutex_lock(pipe.mutex);
  for (;;) {
    yield rd(pipe, 'head_tail');
    const buf = pipe.bufs[0];
    if (buf !== undefined) {
      const chars = Math.min(buf.len, total_len);
      yield wr(pipe, 'bufs');
      parts.push(buf.load(buf.offset, chars));
      ret += chars;
      buf.offset += chars;
      buf.len -= chars;
      if ((buf.flags & PIPE_BUF_FLAG_PACKET) !== 0) {
        total_len = chars;
        buf.len = 0;
      }
      if (buf.len === 0) {
        wake_writer ||= pipe_full(pipe);
        // Consuming a whole buffer moves the tail: a write of what pipe_poll and pipe_readable read.
        yield wr(pipe, 'head_tail');
        pipe.bufs.shift();
      }
      total_len -= chars;
      if (total_len === 0) break;
      if (!pipe_empty(pipe)) continue;
    }
    yield rd(pipe, 'writers');
    if (pipe.writers === 0) break;
    if (ret > 0) break;
    // O_NONBLOCK is a load of f_flags, which F_SETFL changes (under f_lock) meanwhile.
    yield rd(filp, 'f_flags');
    if ((filp.f_flags & O_NONBLOCK) !== 0) {
      err = -ERRNO.EAGAIN;
      break;
    }
    yield* mutex_unlock(pipe.mutex);
    if (wake_writer) yield* wake_up_interruptible_poll(pipe.wr_wait, EPOLLOUT | EPOLLWRNORM);
    const r = yield* wait_event(pipe.rd_wait, () => pipe_readable(pipe), { exclusive: true });
    if (r === 'signal') return -ERRNO.EINTR;
    wake_writer = false;
    wake_next_reader = true;
    yield* mutex_lock(pipe.mutex);
  }
  yield rd(pipe, 'head_tail');
  if (pipe_empty(pipe)) wake_next_reader = false;
  yield* mutex_unlock(pipe.mutex);
  if (wake_writer) yield* wake_up_interruptible_poll(pipe.wr_wait, EPOLLOUT | EPOLLWRNORM);
  if (wake_next_reader) yield* wake_up_interruptible_poll(pipe.rd_wait, EPOLLIN | EPOLLRDNORM);
  if (ret > 0) return concat(parts, ret);
  return err < 0 ? err : new Uint8Array(0);
});

/**
 * pipe_write: -EPIPE without readers (SIGPIPE is not modelled), also in the middle of a write if nothing was written.
 * The sub-page remainder of a write is first merged into the last slot if it fits its page; the rest fills new slots
 * page by page. A full pipe gives -EAGAIN (or a partial count) for O_NONBLOCK, else an exclusive sleep on wr_wait.
 * Readers are woken with IN|RDNORM when the pipe was empty, and after every write once ->poll has been used.
 */
export const pipe_write = kfn('pipe_write', function* (filp: File, data: Uint8Array): Gen<number> {
  const pipe = pipe_of(filp.private_data);
  const total_len = data.length;
  if (total_len === 0) return 0;
  let ret = 0;
  let done = 0;
  let was_empty = false;
  let wake_next_writer = false;
  yield* mutex_lock(pipe.mutex);
  write: {
    yield rd(pipe, 'readers');
    if (pipe.readers === 0) {
      ret = -ERRNO.EPIPE;
      break write;
    }
    yield rd(pipe, 'head_tail');
    was_empty = pipe_empty(pipe);
    const chars = total_len & (PAGE_SIZE - 1);
    const last = pipe.bufs.at(-1);
    if (chars !== 0 && !was_empty && last !== undefined) {
      const offset = last.offset + last.len;
      if ((last.flags & PIPE_BUF_FLAG_CAN_MERGE) !== 0 && offset + chars <= PAGE_SIZE) {
        yield wr(pipe, 'bufs');
        last.store(data.subarray(0, chars), offset);
        last.len += chars;
        ret = done = chars;
        if (done === total_len) break write;
      }
    }
    for (;;) {
      yield rd(pipe, 'readers');
      if (pipe.readers === 0) {
        if (ret === 0) ret = -ERRNO.EPIPE;
        break;
      }
      yield rd(pipe, 'head_tail');
      if (!pipe_full(pipe)) {
        const buf = new PipeBuffer((filp.f_flags & O_DIRECT) !== 0 ? PIPE_BUF_FLAG_PACKET : PIPE_BUF_FLAG_CAN_MERGE);
        const copied = Math.min(PAGE_SIZE, total_len - done);
        buf.store(data.subarray(done, done + copied), 0);
        buf.len = copied;
        // A new buffer moves the head: a write of what pipe_poll and pipe_readable read.
        yield wr(pipe, 'head_tail');
        pipe.bufs.push(buf);
        done += copied;
        ret = done;
        if (done === total_len) break;
      }
      if (!pipe_full(pipe)) continue;
      yield rd(filp, 'f_flags');
      if ((filp.f_flags & O_NONBLOCK) !== 0) {
        if (ret === 0) ret = -ERRNO.EAGAIN;
        break;
      }
      yield rd(current(), 'signalPending');
      if (current().signalPending) {
        if (ret === 0) ret = -ERRNO.EINTR;
        break;
      }
      yield* mutex_unlock(pipe.mutex);
      if (was_empty) yield* wake_up_interruptible_poll(pipe.rd_wait, EPOLLIN | EPOLLRDNORM);
      yield* wait_event(pipe.wr_wait, () => pipe_writable(pipe), { exclusive: true });
      yield* mutex_lock(pipe.mutex);
      yield rd(pipe, 'head_tail');
      was_empty = pipe_empty(pipe);
      wake_next_writer = true;
    }
  }
  yield rd(pipe, 'head_tail');
  if (pipe_full(pipe)) wake_next_writer = false;
  yield* mutex_unlock(pipe.mutex);
  yield rd(pipe, 'poll_usage');
  if (was_empty || pipe.poll_usage) yield* wake_up_interruptible_poll(pipe.rd_wait, EPOLLIN | EPOLLRDNORM);
  if (wake_next_writer) yield* wake_up_interruptible_poll(pipe.wr_wait, EPOLLOUT | EPOLLWRNORM);
  return ret;
});

/**
 * pipe_poll: marks poll_usage, queues on rd_wait (read side) and wr_wait (write side), then: IN|RDNORM if not empty,
 * HUP if no writers and a writer has been seen since this open (f_version != w_counter), OUT|WRNORM if a slot is
 * free, ERR if no readers.
 */
export const pipe_poll = kfn('pipe_poll', function* (filp: File, pt: PollTable | null): Gen<number> {
  const pipe = pipe_of(filp.private_data);
  yield wr(pipe, 'poll_usage');
  pipe.poll_usage = true;
  if ((filp.f_mode & FMODE_READ) !== 0) yield* poll_wait(filp, pipe.rd_wait, pt);
  if ((filp.f_mode & FMODE_WRITE) !== 0) yield* poll_wait(filp, pipe.wr_wait, pt);
  yield rd(pipe, 'head_tail');
  const empty = pipe_empty(pipe);
  const full = pipe_full(pipe);
  let mask = 0;
  if ((filp.f_mode & FMODE_READ) !== 0) {
    if (!empty) mask |= EPOLLIN | EPOLLRDNORM;
    yield rd(pipe, 'writers');
    if (pipe.writers === 0) {
      yield rd(pipe, 'w_counter');
      if (filp.f_version !== pipe.w_counter) mask |= EPOLLHUP;
    }
  }
  if ((filp.f_mode & FMODE_WRITE) !== 0) {
    if (!full) mask |= EPOLLOUT | EPOLLWRNORM;
    yield rd(pipe, 'readers');
    if (pipe.readers === 0) mask |= EPOLLERR;
  }
  return mask;
});

/**
 * pipe_release (f_op->release, from __fput): drop this end's reader/writer count; if exactly one side is now gone,
 * wake both queues keylessly (every waiter and epoll entry treats it as matching). Then drop the file's use of the
 * pipe: the last one frees it (and detaches a FIFO inode's i_pipe).
 */
export const pipe_release = kfn('pipe_release', function* (inode: Inode, filp: File): Gen {
  const pipe = pipe_of(filp.private_data);
  yield* mutex_lock(pipe.mutex);
  // Each count is a step of its own: pipe_poll and pipe_readable/pipe_writable read them without the mutex. The test
  // below needs none: every writer of the counts holds the mutex.
  if ((filp.f_mode & FMODE_READ) !== 0) {
    yield rmw(pipe, 'readers');
    pipe.readers--;
  }
  if ((filp.f_mode & FMODE_WRITE) !== 0) {
    yield rmw(pipe, 'writers');
    pipe.writers--;
  }
  if ((pipe.readers === 0) !== (pipe.writers === 0)) {
    yield* wake_up_all(pipe.rd_wait);
    yield* wake_up_all(pipe.wr_wait);
  }
  yield* mutex_unlock(pipe.mutex);
  yield* put_pipe_info(inode, pipe);
});

/** The file operations of both pipe ends and of every FIFO. */
export const pipefifo_fops: FileOperations = {
  name: 'pipe',
  open: fifo_open,
  read: pipe_read,
  write: pipe_write,
  poll: pipe_poll,
  release: pipe_release,
};

/**
 * create_pipe_files: one pipefs inode and private dentry shared by both ends (the read end is a clone of the write
 * end's path); the write end keeps O_NONBLOCK and O_DIRECT, the read end only O_NONBLOCK.
 */
function* create_pipe_files(flags: number): Gen<[File, File]> {
  const fw = yield* alloc_file_pseudo('pipefs', 'pipe', pipefifo_fops, O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)));
  const pipe = alloc_pipe_info();
  pipe.files = 2;
  pipe.readers = pipe.writers = 1;
  fw.f_inode.i_pipe = pipe;
  pipe.inode = fw.f_inode;
  fw.private_data = pipe;
  fw.f_version = 0;
  const fr = yield* alloc_file_clone(fw, O_RDONLY | (flags & O_NONBLOCK), pipefifo_fops);
  fr.private_data = pipe;
  fr.f_version = 0;
  return [fr, fw];
}

/** pipe2(flags): [read fd, write fd]; EINVAL for flags other than O_NONBLOCK|O_CLOEXEC|O_DIRECT. */
export const sys_pipe2 = kfn('pipe2', function* (flags: number): Gen<[number, number] | number> {
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) !== 0) return -ERRNO.EINVAL;
  const [fr, fw] = yield* create_pipe_files(flags);
  const fdr = yield* get_unused_fd_flags(flags);
  let err = fdr;
  if (fdr >= 0) {
    const fdw = yield* get_unused_fd_flags(flags);
    if (fdw >= 0) {
      yield* fd_install(fdr, fr);
      yield* fd_install(fdw, fw);
      return [fdr, fdw];
    }
    yield* put_unused_fd(fdr);
    err = fdw;
  }
  yield* fput(fr);
  yield* fput(fw);
  return err;
});

/** pipe(2). */
export function sys_pipe(): Gen<[number, number] | number> {
  return sys_pipe2(0);
}
