#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/resource.h>
static int add(int ep,int fd){struct epoll_event e={.events=EPOLLIN};return epoll_ctl(ep,EPOLL_CTL_ADD,fd,&e)==0?0:errno;}
int main(void){
  struct rlimit rl={4096,4096}; setrlimit(RLIMIT_NOFILE,&rl);
  int p[2]; pipe(p); int o=epoll_create1(0);
  for(int i=1;i<=501;i++){int e=epoll_create1(0); int a=add(o,e); int b=add(e,p[0]); if(a||b) printf("depth1: i=%d add(o,e)=%s add(e,r)=%s\n",i,strerror(a),strerror(b));}
  int q[2]; pipe(q); int o2=epoll_create1(0), m=epoll_create1(0); add(o2,m);
  for(int i=1;i<=101;i++){int e=epoll_create1(0); int a=add(m,e); int b=add(e,q[0]); if(a||b) printf("depth2: i=%d add(m,e)=%s add(e,r)=%s\n",i,strerror(a),strerror(b));}
}
