#define _GNU_SOURCE
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
static void wait_(int ep){struct epoll_event e[8];int n=epoll_wait(ep,e,8,0);printf("wait=%d",n);for(int i=0;i<n;i++)printf(" %x:%llu",e[i].events,(unsigned long long)e[i].data.u64);printf("\n");}
static int ctl(int ep,int op,int fd,unsigned ev,unsigned long long d){struct epoll_event e={.events=ev,.data.u64=d};int r=epoll_ctl(ep,op,fd,op==EPOLL_CTL_DEL?NULL:&e);printf("ctl=%d %s\n",r,r<0?strerrorname_np(errno):"");return r;}
int main(){int p[2];pipe2(p,O_NONBLOCK);int r=p[0],w=p[1];int r2=dup(r);int ep=epoll_create1(0);
ctl(ep,1,r,EPOLLIN,1);write(w,"x",1);close(r);wait_(ep);close(r2);wait_(ep);
pipe2(p,O_NONBLOCK);r=p[0];w=p[1];r2=dup(r);ep=epoll_create1(0);
ctl(ep,1,r,EPOLLIN,1);write(w,"x",1);close(r);ctl(ep,2,r,0,0);ctl(ep,2,r2,0,0);printf("dup2=%d r=%d\n",dup2(r2,r),r);ctl(ep,3,r,EPOLLIN,9);wait_(ep);ctl(ep,2,r,0,0);wait_(ep);}
