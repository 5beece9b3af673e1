#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/epoll.h>
static int hits;
static void h(int s){(void)s;hits++;}
int main(void){
  struct sigaction sa={0}; sa.sa_handler=h; sa.sa_flags=SA_RESTART; sigaction(SIGUSR1,&sa,0);
  sigset_t blk,empty; sigemptyset(&blk); sigaddset(&blk,SIGUSR1); sigemptyset(&empty);
  sigprocmask(SIG_BLOCK,&blk,0);
  int ep=epoll_create1(0); struct epoll_event ev[4];
  raise(SIGUSR1);
  int r=epoll_pwait(ep,ev,1,-1,&empty); printf("idle pending: %d %s hits=%d\n",r,r<0?strerror(errno):"",hits);
  int p[2]; pipe(p); struct epoll_event e={.events=EPOLLIN,.data.u64=5}; epoll_ctl(ep,EPOLL_CTL_ADD,p[0],&e); write(p[1],"x",1);
  raise(SIGUSR1);
  r=epoll_pwait(ep,ev,1,-1,&empty); printf("ready pending: %d data=%llu hits=%d\n",r,(unsigned long long)ev[0].data.u64,hits);
}
