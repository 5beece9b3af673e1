// Models fs/eventpoll.c's ep_eventpoll_ioctl: EPIOCSPARAMS / EPIOCGPARAMS (busy-poll parameters, 6.9+).
import { ERRNO } from '../kernel/errno.ts';
import { kfn } from '../kernel/kfn.ts';
import { rd, wr, type Gen } from '../kernel/step.ts';
import type { File } from '../kernel/vfs.ts';
import { Eventpoll } from './eventpoll.ts';

/** struct epoll_params (8 bytes): the user memory EPIOCSPARAMS reads and EPIOCGPARAMS writes. */
export interface EpollParams {
  busy_poll_usecs: number;
  busy_poll_budget: number;
  prefer_busy_poll: number;
  __pad: number;
}

/** _IOW(0x8A, 0x01, struct epoll_params). */
export const EPIOCSPARAMS = 0x40088a01;
/** _IOR(0x8A, 0x02, struct epoll_params). */
export const EPIOCGPARAMS = 0x80088a02;
/** NAPI_POLL_WEIGHT: budgets above it need CAP_NET_ADMIN (the model runs as root, so they pass). */
export const NAPI_POLL_WEIGHT = 64;
const S32_MAX = 0x7fffffff;

/**
 * The epoll file's ->unlocked_ioctl. `arg` models the user pointer: an EpollParams to read (SPARAMS) or to fill
 * (GPARAMS), or null for a pointer that faults (EFAULT). SPARAMS rejects a non-zero pad, usecs above S32_MAX and
 * prefer_busy_poll above 1 (EINVAL); any other command is EINVAL.
 */
export const ep_eventpoll_ioctl = kfn(
  'ep_eventpoll_ioctl',
  function* (file: File, cmd: number, arg: unknown): Gen<number> {
    const ep = file.private_data;
    if (!(ep instanceof Eventpoll)) return -ERRNO.EINVAL;
    const params = arg === null || typeof arg !== 'object' ? null : (arg as EpollParams);
    switch (cmd >>> 0) {
      case EPIOCSPARAMS: {
        if (params === null) return -ERRNO.EFAULT;
        const { busy_poll_usecs: usecs, busy_poll_budget: budget, prefer_busy_poll: prefer, __pad: pad } = params;
        if (pad !== 0 || usecs >>> 0 > S32_MAX || (prefer & 0xff) > 1) return -ERRNO.EINVAL;
        // budget > NAPI_POLL_WEIGHT without CAP_NET_ADMIN would be EPERM; the model's processes have it.
        yield wr(ep, 'busy_poll');
        ep.busy_poll_usecs = usecs >>> 0;
        ep.busy_poll_budget = budget & 0xffff;
        ep.prefer_busy_poll = prefer & 0xff;
        return 0;
      }
      case EPIOCGPARAMS: {
        yield rd(ep, 'busy_poll');
        if (params === null) return -ERRNO.EFAULT;
        params.busy_poll_usecs = ep.busy_poll_usecs;
        params.busy_poll_budget = ep.busy_poll_budget;
        params.prefer_busy_poll = ep.prefer_busy_poll;
        params.__pad = 0;
        return 0;
      }
      default:
        return -ERRNO.EINVAL;
    }
  },
);
