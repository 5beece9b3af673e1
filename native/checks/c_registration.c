#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
static void wait_(const char*t,int ep){struct epoll_event e[8];int n=epoll_wait(ep,e,8,0);printf("%s wait=%d",t,n);for(int i=0;i<n;i++)printf(" %x:%llu",e[i].events,(unsigned long long)e[i].data.u64);printf("\n");fflush(stdout);}
static int ctl(const char*t,int ep,int op,int fd,unsigned ev,unsigned long long d){struct epoll_event e={.events=ev,.data.u64=d};int r=epoll_ctl(ep,op,fd,op==EPOLL_CTL_DEL?NULL:&e);printf("%s ctl=%d %s\n",t,r,r<0?strerrorname_np(errno):"");fflush(stdout);return r;}
int main(){
 { int p[2];pipe2(p,O_NONBLOCK);int ep=epoll_create1(0);ctl("c2",ep,1,p[0],EPOLLIN,1);write(p[1],"x",1);close(p[0]);wait_("c2",ep);ctl("c2",ep,2,p[0],0,0);
   int q[2];pipe2(q,O_NONBLOCK);printf("c5 r2=%d\n",q[0]);ctl("c5",ep,1,q[0],EPOLLIN,2);write(q[1],"y",1);wait_("c5",ep);close(p[1]);close(q[0]);close(q[1]);close(ep);}
 { int p[2];pipe2(p,O_NONBLOCK);int ep=epoll_create1(0);ctl("c7",ep,1,p[0],EPOLLIN,1);
   int s[2],t[2];pipe(s);pipe(t);pid_t c=fork();
   if(c==0){ctl("c7child",ep,1,p[0],EPOLLIN,5);ctl("c7child",ep,1,p[1],EPOLLOUT,2);write(s[1],"a",1);char b;read(t[0],&b,1);close(p[1]);write(s[1],"a",1);read(t[0],&b,1);_exit(0);}
   char b;read(s[0],&b,1);wait_("c7",ep);write(t[1],"a",1);read(s[0],&b,1);wait_("c7",ep);write(t[1],"a",1);waitpid(c,0,0);wait_("c7",ep);close(p[1]);wait_("c7",ep);}
 { int p[2];pipe2(p,O_NONBLOCK);int ep=epoll_create1(0);int s[2],t[2];pipe(s);pipe(t);pid_t c=fork();
   if(c==0){int cep=epoll_create1(0);char b;read(t[0],&b,1);ctl("j2c",cep,1,p[0],EPOLLIN|EPOLLET,2);write(s[1],"a",1);read(t[0],&b,1);wait_("j2c",cep);write(s[1],"a",1);read(t[0],&b,1);wait_("j2c",cep);write(p[1],"y",1);write(s[1],"a",1);read(t[0],&b,1);wait_("j2c",cep);_exit(0);}
   char b;ctl("j2",ep,1,p[0],EPOLLIN|EPOLLET,1);write(t[1],"a",1);read(s[0],&b,1);write(p[1],"x",1);wait_("j2",ep);write(t[1],"a",1);read(s[0],&b,1);wait_("j2",ep);write(t[1],"a",1);read(s[0],&b,1);wait_("j2",ep);write(t[1],"a",1);waitpid(c,0,0);}
 { if(unshare(CLONE_NEWNS)){perror("unshare");return 1;} mount(NULL,"/",NULL,MS_REC|MS_PRIVATE,NULL);
   mkdir("/tmp/c12m",0755); printf("mount=%d\n",mount("none","/tmp/c12m","tmpfs",0,NULL)); mkfifo("/tmp/c12m/f",0644);
   int f=open("/tmp/c12m/f",O_RDWR|O_NONBLOCK);int ep=epoll_create1(0);ctl("c12",ep,1,f,EPOLLIN|EPOLLOUT,1);
   int r=umount("/tmp/c12m");printf("umount=%d %s\n",r,r<0?strerrorname_np(errno):"");wait_("c12",ep);close(f);r=umount("/tmp/c12m");printf("umount=%d %s\n",r,r<0?strerrorname_np(errno):"");wait_("c12",ep);}
}
