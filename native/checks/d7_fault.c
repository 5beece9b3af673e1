#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/epoll.h>
int main(void){ struct epoll_event ev[1]; int ep=epoll_create1(0);
 long r=syscall(SYS_epoll_pwait2,999,ev,1,(void*)1,NULL,8); printf("bad epfd, bad ts: %ld %s\n",r,strerror(errno));
 r=syscall(SYS_epoll_pwait2,ep,ev,0,(void*)1,NULL,8); printf("maxevents 0, bad ts: %ld %s\n",r,strerror(errno));
 r=syscall(SYS_epoll_pwait2,ep,ev,1,(void*)1,NULL,8); printf("ok epfd, bad ts: %ld %s\n",r,strerror(errno)); }
