#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/epoll.h>
int main(int argc,char**argv){
  if(argc>1){ for(int i=1;i<argc;i++){int fd=atoi(argv[i]); int r=fcntl(fd,F_GETFD); struct epoll_event ev; int w=epoll_wait(fd,&ev,1,0); printf("after exec fd %d: F_GETFD=%d%s%s epoll_wait=%d%s%s\n",fd,r,r<0?" ":"",r<0?strerror(errno):"",w,w<0?" ":"",w<0?strerror(errno):"");} return 0; }
  int a=epoll_create1(EPOLL_CLOEXEC), b=epoll_create1(0); int p[2]; pipe(p); struct epoll_event e={.events=EPOLLIN,.data.u64=1}; epoll_ctl(b,EPOLL_CTL_ADD,p[0],&e); write(p[1],"x",1);
  printf("before: a F_GETFD=%d b F_GETFD=%d\n",fcntl(a,F_GETFD),fcntl(b,F_GETFD)); fflush(stdout);
  if(fork()==0){ char sa[16],sb[16]; snprintf(sa,16,"%d",a); snprintf(sb,16,"%d",b); execl("/proc/self/exe",argv[0],sa,sb,(char*)0); _exit(9); }
  wait(0); struct epoll_event ev; printf("parent after child's exec: a wait=%d b wait=%d\n",epoll_wait(a,&ev,1,0),epoll_wait(b,&ev,1,0));
}
