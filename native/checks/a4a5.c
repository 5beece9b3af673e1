#define _GNU_SOURCE
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
int main(void){
  int ep=epoll_create1(0);
  printf("lseek %ld %ld %ld %ld\n",(long)lseek(ep,0,SEEK_SET),(long)lseek(ep,5,SEEK_SET),(long)lseek(ep,7,SEEK_CUR),(long)lseek(ep,-3,SEEK_END));
  struct rlimit rl={1024,1024}; setrlimit(RLIMIT_NOFILE,&rl);
  int last=0,r; while((r=dup(0))>=0) last=r; printf("last %d err %s\n",last,strerror(errno));
  r=epoll_create1(0); printf("create1 %d %s\n",r,strerror(errno));
  r=epoll_create(1); printf("create %d %s\n",r,strerror(errno));
  close(500); printf("after close %d\n",epoll_create1(0));
}
