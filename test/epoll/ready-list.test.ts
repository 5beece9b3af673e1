// Checklist group E: what epoll_wait reports and in which order. Expected outputs are the real kernel's.
import { scriptCase } from '../_helpers/script-case.ts';

scriptCase(
  'E1: the reported mask is a fresh poll at delivery ANDed with the stored mask; an empty result is dropped',
  `
  e = eventfd(0, EFD_NONBLOCK)
  f = eventfd(0, EFD_NONBLOCK)
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLOUT, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, f, EPOLLIN, 2)
  epoll_wait(ep, 4, 0)
  eventfd_write(e, 5)
  eventfd_write(f, 5)
  epoll_wait(ep, 4, 0)
  eventfd_write(e, 18446744073709551609)
  epoll_wait(ep, 4, 0)
  eventfd_read(f)
  eventfd_read(e)
  epoll_wait(ep, 4, 0)
  r, w = pipe()
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 3)
  write(w, "x")
  read(r, 1)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: e = eventfd(0, EFD_NONBLOCK) = 3
    2: f = eventfd(0, EFD_NONBLOCK) = 4
    3: ep = epoll_create1(0) = 5
    4: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLOUT, 1) = 0
    5: epoll_ctl(ep, EPOLL_CTL_ADD, f, EPOLLIN, 2) = 0
    6: epoll_wait(ep, 4, 0) = 1 [EPOLLOUT:1]
    7: eventfd_write(e, 5) = 8
    8: eventfd_write(f, 5) = 8
    9: epoll_wait(ep, 4, 0) = 2 [EPOLLIN|EPOLLOUT:1, EPOLLIN:2]
    10: eventfd_write(e, 18446744073709551609) = 8
    11: epoll_wait(ep, 4, 0) = 2 [EPOLLIN:1, EPOLLIN:2]
    12: eventfd_read(f) = 8 5
    13: eventfd_read(e) = 8 18446744073709551614
    14: epoll_wait(ep, 4, 0) = 1 [EPOLLOUT:1]
    15: r, w = pipe() = 0 [6, 7]
    16: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 3) = 0
    17: write(w, "x") = 1
    18: read(r, 1) = 1 "x"
    19: epoll_wait(ep, 4, 0) = 1 [EPOLLOUT:1]
  `,
);

scriptCase(
  'E2: the data reported is the latest ADD or MOD',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  write(w, "x")
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 2)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 18446744073709551615)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_DEL, r, NULL)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 4)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    4: write(w, "x") = 1
    5: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 2) = 0
    6: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:2]
    7: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 18446744073709551615) = 0
    8: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:18446744073709551615]
    9: epoll_ctl(ep, EPOLL_CTL_DEL, r, NULL) = 0
    10: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 4) = 0
    11: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:4]
  `,
);

scriptCase(
  'E3: ADD or MOD of a file that is already ready queues it at once (poll on the epoll sees it too)',
  `
  r, w = pipe()
  write(w, "x")
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  poll(ep, POLLIN)
  epoll_wait(ep, 4, 0)
  x, y = pipe()
  write(y, "y")
  epoll_ctl(ep, EPOLL_CTL_ADD, x, EPOLLOUT, 2)
  epoll_wait(ep, 4, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, x, EPOLLIN|EPOLLOUT, 3)
  epoll_wait(ep, 4, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: write(w, "x") = 1
    3: ep = epoll_create1(0) = 5
    4: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    5: poll(ep, POLLIN) = 1 [EPOLLIN:5]
    6: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    7: x, y = pipe() = 0 [6, 7]
    8: write(y, "y") = 1
    9: epoll_ctl(ep, EPOLL_CTL_ADD, x, EPOLLOUT, 2) = 0
    10: epoll_wait(ep, 4, 0) = 1 [EPOLLIN:1]
    11: epoll_ctl(ep, EPOLL_CTL_MOD, x, EPOLLIN|EPOLLOUT, 3) = 0
    12: epoll_wait(ep, 4, 0) = 2 [EPOLLIN:1, EPOLLIN:3]
  `,
);

scriptCase(
  'E4: several wake-ups between two waits collapse into one entry per registration',
  `
  r, w = pipe()
  e = eventfd(0, 0)
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 2)
  write(w, "a")
  eventfd_write(e, 1)
  write(w, "b")
  eventfd_write(e, 1)
  write(w, "c")
  epoll_wait(ep, 8, 0)
  epoll_wait(ep, 8, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: e = eventfd(0, 0) = 5
    3: ep = epoll_create1(0) = 6
    4: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    5: epoll_ctl(ep, EPOLL_CTL_ADD, e, EPOLLIN|EPOLLET, 2) = 0
    6: write(w, "a") = 1
    7: eventfd_write(e, 1) = 8
    8: write(w, "b") = 1
    9: eventfd_write(e, 1) = 8
    10: write(w, "c") = 1
    11: epoll_wait(ep, 8, 0) = 2 [EPOLLIN:1, EPOLLIN:2]
    12: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:1]
  `,
);

scriptCase(
  'E5: the ready list is FIFO by first wake-up; delivered LT items go to the tail (round robin)',
  `
  a0, b0 = pipe()
  a1, b1 = pipe()
  a2, b2 = pipe()
  a3, b3 = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN, 2)
  epoll_ctl(ep, EPOLL_CTL_ADD, a3, EPOLLIN, 3)
  write(b2, "x")
  write(b0, "x")
  write(b3, "x")
  write(b2, "x")
  epoll_wait(ep, 8, 0)
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 1, 0)
  write(b1, "x")
  epoll_wait(ep, 8, 0)
  `,
  `
    1: a0, b0 = pipe() = 0 [3, 4]
    2: a1, b1 = pipe() = 0 [5, 6]
    3: a2, b2 = pipe() = 0 [7, 8]
    4: a3, b3 = pipe() = 0 [9, 10]
    5: ep = epoll_create1(0) = 11
    6: epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN, 0) = 0
    7: epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN, 1) = 0
    8: epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN, 2) = 0
    9: epoll_ctl(ep, EPOLL_CTL_ADD, a3, EPOLLIN, 3) = 0
    10: write(b2, "x") = 1
    11: write(b0, "x") = 1
    12: write(b3, "x") = 1
    13: write(b2, "x") = 1
    14: epoll_wait(ep, 8, 0) = 3 [EPOLLIN:2, EPOLLIN:0, EPOLLIN:3]
    15: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:2, EPOLLIN:0]
    16: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:3, EPOLLIN:2]
    17: epoll_wait(ep, 1, 0) = 1 [EPOLLIN:0]
    18: write(b1, "x") = 1
    19: epoll_wait(ep, 8, 0) = 4 [EPOLLIN:3, EPOLLIN:2, EPOLLIN:0, EPOLLIN:1]
  `,
);

scriptCase(
  'E6: one wake-up visits the watchers newest registration first; exclusive ones last, in ADD order',
  `
  s, t = socketpair()
  d1 = dup(s)
  d2 = dup(s)
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, d1, EPOLLIN, 2)
  epoll_ctl(ep, EPOLL_CTL_ADD, d2, EPOLLIN, 3)
  write(t, "x")
  epoll_wait(ep, 8, 0)
  r, w = pipe()
  r1 = dup(r)
  r2 = dup(r)
  r3 = dup(r)
  ep2 = epoll_create1(0)
  epoll_ctl(ep2, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLEXCLUSIVE, 4)
  epoll_ctl(ep2, EPOLL_CTL_ADD, r1, EPOLLIN, 5)
  epoll_ctl(ep2, EPOLL_CTL_ADD, r2, EPOLLIN|EPOLLEXCLUSIVE, 6)
  epoll_ctl(ep2, EPOLL_CTL_ADD, r3, EPOLLIN, 7)
  write(w, "x")
  epoll_wait(ep2, 8, 0)
  `,
  `
    1: s, t = socketpair() = 0 [3, 4]
    2: d1 = dup(s) = 5
    3: d2 = dup(s) = 6
    4: ep = epoll_create1(0) = 7
    5: epoll_ctl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 1) = 0
    6: epoll_ctl(ep, EPOLL_CTL_ADD, d1, EPOLLIN, 2) = 0
    7: epoll_ctl(ep, EPOLL_CTL_ADD, d2, EPOLLIN, 3) = 0
    8: write(t, "x") = 1
    9: epoll_wait(ep, 8, 0) = 3 [EPOLLIN:3, EPOLLIN:2, EPOLLIN:1]
    10: r, w = pipe() = 0 [8, 9]
    11: r1 = dup(r) = 10
    12: r2 = dup(r) = 11
    13: r3 = dup(r) = 12
    14: ep2 = epoll_create1(0) = 13
    15: epoll_ctl(ep2, EPOLL_CTL_ADD, r, EPOLLIN|EPOLLEXCLUSIVE, 4) = 0
    16: epoll_ctl(ep2, EPOLL_CTL_ADD, r1, EPOLLIN, 5) = 0
    17: epoll_ctl(ep2, EPOLL_CTL_ADD, r2, EPOLLIN|EPOLLEXCLUSIVE, 6) = 0
    18: epoll_ctl(ep2, EPOLL_CTL_ADD, r3, EPOLLIN, 7) = 0
    19: write(w, "x") = 1
    20: epoll_wait(ep2, 8, 0) = 4 [EPOLLIN:7, EPOLLIN:5, EPOLLIN:4, EPOLLIN:6]
  `,
);

scriptCase(
  'E7: DEL removes a queued ready entry',
  `
  r, w = pipe()
  x, y = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, x, EPOLLIN, 2)
  write(w, "x")
  write(y, "y")
  epoll_ctl(ep, EPOLL_CTL_DEL, r, NULL)
  epoll_wait(ep, 8, 0)
  epoll_ctl(ep, EPOLL_CTL_DEL, x, NULL)
  epoll_wait(ep, 8, 0)
  poll(ep, POLLIN)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: x, y = pipe() = 0 [5, 6]
    3: ep = epoll_create1(0) = 7
    4: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLIN, 1) = 0
    5: epoll_ctl(ep, EPOLL_CTL_ADD, x, EPOLLIN, 2) = 0
    6: write(w, "x") = 1
    7: write(y, "y") = 1
    8: epoll_ctl(ep, EPOLL_CTL_DEL, r, NULL) = 0
    9: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:2]
    10: epoll_ctl(ep, EPOLL_CTL_DEL, x, NULL) = 0
    11: epoll_wait(ep, 8, 0) = 0 []
    12: poll(ep, POLLIN) = 0 []
  `,
);

scriptCase(
  'E8: MOD re-reads readiness at once',
  `
  r, w = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLOUT, 1)
  write(w, "x")
  epoll_wait(ep, 8, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 2)
  epoll_wait(ep, 8, 0)
  epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLPRI, 3)
  epoll_wait(ep, 8, 0)
  `,
  `
    1: r, w = pipe() = 0 [3, 4]
    2: ep = epoll_create1(0) = 5
    3: epoll_ctl(ep, EPOLL_CTL_ADD, r, EPOLLOUT, 1) = 0
    4: write(w, "x") = 1
    5: epoll_wait(ep, 8, 0) = 0 []
    6: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLIN, 2) = 0
    7: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:2]
    8: epoll_ctl(ep, EPOLL_CTL_MOD, r, EPOLLPRI, 3) = 0
    9: epoll_wait(ep, 8, 0) = 0 []
  `,
);

scriptCase(
  'E9: maxevents caps the count; the rest come on later calls, without duplicates in one call',
  `
  a0, b0 = pipe()
  a1, b1 = pipe()
  a2, b2 = pipe()
  a3, b3 = pipe()
  a4, b4 = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN|EPOLLET, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN|EPOLLET, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN|EPOLLET, 2)
  epoll_ctl(ep, EPOLL_CTL_ADD, a3, EPOLLIN, 3)
  epoll_ctl(ep, EPOLL_CTL_ADD, a4, EPOLLIN, 4)
  write(b0, "x")
  write(b1, "x")
  write(b2, "x")
  write(b3, "x")
  write(b4, "x")
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 2, 0)
  epoll_wait(ep, 8, 0)
  `,
  `
    1: a0, b0 = pipe() = 0 [3, 4]
    2: a1, b1 = pipe() = 0 [5, 6]
    3: a2, b2 = pipe() = 0 [7, 8]
    4: a3, b3 = pipe() = 0 [9, 10]
    5: a4, b4 = pipe() = 0 [11, 12]
    6: ep = epoll_create1(0) = 13
    7: epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN|EPOLLET, 0) = 0
    8: epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN|EPOLLET, 1) = 0
    9: epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN|EPOLLET, 2) = 0
    10: epoll_ctl(ep, EPOLL_CTL_ADD, a3, EPOLLIN, 3) = 0
    11: epoll_ctl(ep, EPOLL_CTL_ADD, a4, EPOLLIN, 4) = 0
    12: write(b0, "x") = 1
    13: write(b1, "x") = 1
    14: write(b2, "x") = 1
    15: write(b3, "x") = 1
    16: write(b4, "x") = 1
    17: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:0, EPOLLIN:1]
    18: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:2, EPOLLIN:3]
    19: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:4, EPOLLIN:3]
    20: epoll_wait(ep, 2, 0) = 2 [EPOLLIN:4, EPOLLIN:3]
    21: epoll_wait(ep, 8, 0) = 2 [EPOLLIN:4, EPOLLIN:3]
  `,
);

scriptCase(
  'E10: registrations that never become ready are never reported',
  `
  a0, b0 = pipe()
  a1, b1 = pipe()
  a2, b2 = pipe()
  ep = epoll_create1(0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN, 0)
  epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN, 1)
  epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN, 2)
  epoll_ctl(ep, EPOLL_CTL_ADD, b0, EPOLLIN, 3)
  write(b1, "x")
  epoll_wait(ep, 8, 0)
  epoll_wait(ep, 8, 0)
  write(b1, "x")
  epoll_wait(ep, 8, 0)
  `,
  `
    1: a0, b0 = pipe() = 0 [3, 4]
    2: a1, b1 = pipe() = 0 [5, 6]
    3: a2, b2 = pipe() = 0 [7, 8]
    4: ep = epoll_create1(0) = 9
    5: epoll_ctl(ep, EPOLL_CTL_ADD, a0, EPOLLIN, 0) = 0
    6: epoll_ctl(ep, EPOLL_CTL_ADD, a1, EPOLLIN, 1) = 0
    7: epoll_ctl(ep, EPOLL_CTL_ADD, a2, EPOLLIN, 2) = 0
    8: epoll_ctl(ep, EPOLL_CTL_ADD, b0, EPOLLIN, 3) = 0
    9: write(b1, "x") = 1
    10: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:1]
    11: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:1]
    12: write(b1, "x") = 1
    13: epoll_wait(ep, 8, 0) = 1 [EPOLLIN:1]
  `,
);
