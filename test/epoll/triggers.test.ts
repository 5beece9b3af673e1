// Checklist group F: level-triggered, edge-triggered and one-shot registrations. Expected outputs are the real
// kernel's.
import { scriptCase } from '../_helpers/script-case.ts';

scriptCase(
  'F1: LT reports on every wait while the file is ready, and stops once it is drained',
  `
  s, t = socketpair()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 1)
  write(t, "ab")
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  read(s, 1)
  epoll_wait(ep, 4, 0)
  read(s, 1)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 1) = 0
    4: write(t, "ab") = 2
    5: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    6: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    7: read(s, 1) = 1 "a"
    8: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    9: read(s, 1) = 1 "b"
    10: epoll_wait(ep, 4, 0) = 0 []
  `,
);

scriptCase(
  'F2: ET reports once per wake-up and not again without a new one',
  `
  s, t = socketpair()
  s2, t2 = socketpair()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, s2, EPOLLIN|EPOLLET, 2)
  write(t, "x")
  write(t2, "x")
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  read(s, 1)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: s2, t2 = socketpair() = 0 [5, 6]
    3: ep = epoll_create1(0) = 7
    4: epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1) = 0
    5: epoll_ctl(ep, EPOLL_CTL_ADD, s2, EPOLLIN|EPOLLET, 2) = 0
    6: write(t, "x") = 1
    7: write(t2, "x") = 1
    8: epoll_wait(ep, 4, 0) = 2 [EPOLLIN:1, EPOLLIN:2]
    9: epoll_wait(ep, 4, 0) = 0 []
    10: read(s, 1) = 1 "x"
    11: epoll_wait(ep, 4, 0) = 0 []
  `,
);

scriptCase(
  'F3: ET fires again on each producer wake-up without a not-ready phase: socketpair, pipe, eventfd, timerfd',
  `
  s, t = socketpair()
  r, w = pipe()
  e = eventfd(0, 0)
  tf = timerfd_create(CLOCK_MONOTONIC, 0)
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 2)
  epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 3)
  epoll_ctl(ep, EPOLL_CTL_ADD, tf, EPOLLIN|EPOLLET, 4)
  write(t, "x")
  write(w, "x")
  eventfd_write(e, 1)
  epoll_wait(ep, 8, 0)
  epoll_wait(ep, 8, 0)
  write(t, "x")
  epoll_wait(ep, 8, 0)
  write(w, "x")
  epoll_wait(ep, 8, 0)
  eventfd_write(e, 0)
  epoll_wait(ep, 8, 0)
  timerfd_settime(tf, 0, 0, 10000000, 0, 0)
  epoll_wait(ep, 8, 1000)
  timerfd_settime(tf, 0, 0, 10000000, 0, 0)
  epoll_wait(ep, 8, 1000)
  epoll_wait(ep, 8, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: r, w = pipe() = 0 [5, 6]
    3: e = eventfd(0, 0) = 7
    4: tf = timerfd_create(CLOCK_MONOTONIC, 0) = 8
    5: ep = epoll_create1(0) = 9
    6: epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1) = 0
    7: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 2) = 0
    8: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 3) = 0
    9: epoll_ctl(ep, EPOLL_CTL_ADD, tf, EPOLLIN|EPOLLET, 4) = 0
    10: write(t, "x") = 1
    11: write(w, "x") = 1
    12: eventfd_write(e, 1) = 8
    13: epoll_wait(ep, 8, 0) = 3 [EPOLLIN:1, EPOLLIN:2, EPOLLIN:3]
    14: epoll_wait(ep, 8, 0) = 0 []
    15: write(t, "x") = 1
    16: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:1]
    17: write(w, "x") = 1
    18: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:2]
    19: eventfd_write(e, 0) = 8
    20: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:3]
    21: timerfd_settime(tf, 0, 0, 10000000, 0, 0) = 0
    22: epoll_wait(ep, 8, 1000) = 1 [EPOLLIN:4]
    23: timerfd_settime(tf, 0, 0, 10000000, 0, 0) = 0
    24: epoll_wait(ep, 8, 1000) = 1 [EPOLLIN:4]
    25: epoll_wait(ep, 8, 0) = 0 []
  `,
);

scriptCase(
  'F4: reading wakes the writers of the other side (an OUT edge for the peer or the writer), not the reader',
  `
  a, b = socketpair()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN|EPOLLOUT|EPOLLET, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, b, EPOLLIN|EPOLLOUT|EPOLLET, 2)
  epoll_wait(ep, 8, 0)
  write(a, "x")
  epoll_wait(ep, 8, 0)
  read(b, 1)
  epoll_wait(ep, 8, 0)
  e = eventfd(5, 0)
  d = dup(e)
  epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 3)
  epoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLOUT|EPOLLET, 4)
  epoll_wait(ep, 8, 0)
  eventfd_read(e)
  epoll_wait(ep, 8, 0)
  eventfd_write(e, 1)
  epoll_wait(ep, 8, 0)
  `,
  `
    1: a, b = socketpair() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN|EPOLLOUT|EPOLLET, 1) = 0
    4: epoll_ctl(ep, EPOLL_CTL_ADD, b, EPOLLIN|EPOLLOUT|EPOLLET, 2) = 0
    5: epoll_wait(ep, 8, 0) = 2 [EPOLLOUT:1, EPOLLOUT:2]
    6: write(a, "x") = 1
    7: epoll_wait(ep, 8, 0) = 1 [EPOLLIN|EPOLLOUT:2]
    8: read(b, 1) = 1 "x"
    9: epoll_wait(ep, 8, 0) = 1 [EPOLLOUT:1]
    10: e = eventfd(5, 0) = 6
    11: d = dup(e) = 7
    12: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 3) = 0
    13: epoll_ctl(ep, EPOLL_CTL_ADD, d, EPOLLOUT|EPOLLET, 4) = 0
    14: epoll_wait(ep, 8, 0) = 2 [EPOLLIN:3, EPOLLOUT:4]
    15: eventfd_read(e) = 8 5
    16: epoll_wait(ep, 8, 0) = 1 [EPOLLOUT:4]
    17: eventfd_write(e, 1) = 8
    18: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:3]
  `,
);

scriptCase(
  'F5: MOD re-arms an ET item that is still ready (even with the same mask)',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 1)
  write(w, "x")
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN|EPOLLET, 1)
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLOUT|EPOLLET, 2)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLET, 1) = 0
    4: write(w, "x") = 1
    5: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    6: epoll_wait(ep, 4, 0) = 0 []
    7: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN|EPOLLET, 1) = 0
    8: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    9: epoll_wait(ep, 4, 0) = 0 []
    10: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLOUT|EPOLLET, 2) = 0
    11: epoll_wait(ep, 4, 0) = 0 []
  `,
);

scriptCase(
  'F6: ONESHOT disables the item after one delivery (no IN/OUT/HUP/ERR) until MOD, which re-arms and re-polls',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 1)
  write(w, "x")
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  write(w, "y")
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 2)
  close(w)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN|EPOLLONESHOT, 3)
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, 0, 4)
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 1) = 0
    4: write(w, "x") = 1
    5: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    6: epoll_wait(ep, 4, 0) = 0 []
    7: write(w, "y") = 1
    8: epoll_wait(ep, 4, 0) = 0 []
    9: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 2) = -1 EEXIST
    10: close(w) = 0
    11: epoll_wait(ep, 4, 0) = 0 []
    12: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN|EPOLLONESHOT, 3) = 0
    13: epoll_wait(ep, 4, 0) = 1 [EPOLLIN|EPOLLHUP:3]
    14: epoll_wait(ep, 4, 0) = 0 []
    15: epoll_ctl(ep, EPOLL_CTL_MOD, r, 0, 4) = 0
    16: epoll_wait(ep, 4, 0) = 1 [EPOLLHUP:4]
    17: epoll_wait(ep, 4, 0) = 1 [EPOLLHUP:4]
  `,
);

scriptCase(
  'F7: ONESHOT is disarmed only after a successful copy-out',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 1)
  write(w, "x")
  epoll_wait(ep, 4, 0, NULL)
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0, NULL)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 1) = 0
    4: write(w, "x") = 1
    5: epoll_wait(ep, 4, 0, NULL) = -1 EFAULT
    6: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    7: epoll_wait(ep, 4, 0, NULL) = 0 []
    8: epoll_wait(ep, 4, 0) = 0 []
  `,
);

scriptCase(
  'F8: ET|ONESHOT gives one event and nothing after later transitions',
  `
  e = eventfd(0, EFD_NONBLOCK)
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLOUT|EPOLLET|EPOLLONESHOT, 1)
  epoll_wait(ep, 4, 0)
  epoll_wait(ep, 4, 0)
  eventfd_write(e, 18446744073709551614)
  eventfd_read(e)
  epoll_wait(ep, 4, 0)
  eventfd_write(e, 1)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: e = eventfd(0, EFD_NONBLOCK) = 3
    2: ep = epoll_create1(0) = 4
    3: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLOUT|EPOLLET|EPOLLONESHOT, 1) = 0
    4: epoll_wait(ep, 4, 0) = 1 [EPOLLOUT:1]
    5: epoll_wait(ep, 4, 0) = 0 []
    6: eventfd_write(e, 18446744073709551614) = 8
    7: eventfd_read(e) = 8 18446744073709551614
    8: epoll_wait(ep, 4, 0) = 0 []
    9: eventfd_write(e, 1) = 8
    10: epoll_wait(ep, 4, 0) = 0 []
  `,
);

scriptCase(
  'F9: poll on the epoll fd neither consumes ET nor ONESHOT state; it prunes entries that are not ready',
  `
  s, t = socketpair()
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 2)
  write(t, "x")
  write(w, "x")
  poll(ep, POLLIN)
  poll(ep, POLLIN)
  epoll_wait(ep, 4, 0)
  poll(ep, POLLIN)
  epoll_wait(ep, 4, 0)
  x, y = pipe()
  ep2 = epoll_create1(0)
  epoll_ctl(ep2, EPOLL_CTL_ADD, x, EPOLLIN, 3)
  write(y, "x")
  read(x, 1)
  poll(ep2, POLLIN)
  write(y, "x")
  poll(ep2, POLLIN)
  epoll_wait(ep2, 4, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: r, w = pipe() = 0 [5, 6]
    3: ep = epoll_create1(0) = 7
    4: epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN|EPOLLET, 1) = 0
    5: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLONESHOT, 2) = 0
    6: write(t, "x") = 1
    7: write(w, "x") = 1
    8: poll(ep, POLLIN) = 1 [EPOLLIN:7]
    9: poll(ep, POLLIN) = 1 [EPOLLIN:7]
    10: epoll_wait(ep, 4, 0) = 2 [EPOLLIN:1, EPOLLIN:2]
    11: poll(ep, POLLIN) = 0 []
    12: epoll_wait(ep, 4, 0) = 0 []
    13: x, y = pipe() = 0 [8, 9]
    14: ep2 = epoll_create1(0) = 10
    15: epoll_ctl(ep2, EPOLL_CTL_ADD, x, EPOLLIN, 3) = 0
    16: write(y, "x") = 1
    17: read(x, 1) = 1 "x"
    18: poll(ep2, POLLIN) = 0 []
    19: write(y, "x") = 1
    20: poll(ep2, POLLIN) = 1 [EPOLLIN:10]
    21: epoll_wait(ep2, 4, 0) = 1 [EPOLLIN:3]
  `,
);
