#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/epoll.h>
static void pr(const char*n,long r){printf("%-50s %ld %s\n",n,r,r<0?strerror(errno):"");}
int main(void){ struct epoll_event ev[1]; int ep=epoll_create1(0); unsigned long m=0; struct timespec z={0,0}, bad={0,-1};
 pr("pwait bad epfd, mask, size 4",syscall(SYS_epoll_pwait,999,ev,1,0,&m,4));
 pr("pwait bad epfd, bad mask ptr, size 8",syscall(SYS_epoll_pwait,999,ev,1,0,(void*)1,8));
 pr("pwait bad epfd, bad mask ptr, size 4",syscall(SYS_epoll_pwait,999,ev,1,0,(void*)1,4));
 pr("pwait bad epfd, NULL mask, size 4",syscall(SYS_epoll_pwait,999,ev,1,0,NULL,4));
 pr("pwait maxevents 0, mask size 4",syscall(SYS_epoll_pwait,ep,ev,0,0,&m,4));
 pr("pwait ok, mask size 8",syscall(SYS_epoll_pwait,ep,ev,1,0,&m,8));
 pr("pwait2 bad ts, mask size 4",syscall(SYS_epoll_pwait2,ep,ev,1,&bad,&m,4));
 pr("pwait2 ok ts, mask size 4, bad epfd",syscall(SYS_epoll_pwait2,999,ev,1,&z,&m,4));
 pr("pwait2 bad ts ptr, mask size 4",syscall(SYS_epoll_pwait2,ep,ev,1,(void*)1,&m,4));
 pr("pwait2 ok ts, bad mask ptr",syscall(SYS_epoll_pwait2,ep,ev,1,&z,(void*)1,8));
}
