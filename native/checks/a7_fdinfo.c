#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/epoll.h>
int main(void){ int p[2]; pipe(p); int ep=epoll_create1(0); struct epoll_event e={.events=EPOLLIN|EPOLLET,.data.u64=0xabc}; epoll_ctl(ep,EPOLL_CTL_ADD,p[0],&e);
 struct epoll_event e2={.events=EPOLLOUT|EPOLLONESHOT,.data.u64=18446744073709551615ull}; epoll_ctl(ep,EPOLL_CTL_ADD,p[1],&e2);
 char path[64]; snprintf(path,64,"/proc/self/fdinfo/%d",ep); FILE*f=fopen(path,"r"); char l[256]; while(fgets(l,256,f)) fputs(l,stdout); }
