// Multi-waiter cases on the real kernel: waiters block first (100 ms head start), then one emitter call.
#define _GNU_SOURCE
#include <pthread.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
struct w { int ep, max, ret, tmo, err, pol, pret; uint64_t data[16]; };
static void *waiter(void *a){ struct w *w=a; struct epoll_event ev[16]; if(w->pol){ struct pollfd p={.fd=w->ep,.events=POLLIN}; w->pret=poll(&p,1,1000); if(w->pret<=0){w->ret=0;return 0;} w->ret=epoll_wait(w->ep,ev,w->max,0); for(int i=0;i<w->ret;i++) w->data[i]=ev[i].data.u64; return 0; } w->ret=epoll_wait(w->ep,ev,w->max,w->tmo?w->tmo:1000); w->err=w->ret<0?errno:0; for(int i=0;i<w->ret;i++) w->data[i]=ev[i].data.u64; return 0; }
static void add(int ep,int fd,uint32_t e,uint64_t d){ struct epoll_event ev={.events=e,.data.u64=d}; if(epoll_ctl(ep,EPOLL_CTL_ADD,fd,&ev)) perror("add"); }
static int TMO, POL; static void hnd(int s){(void)s;}
static struct w W[16]; static pthread_t T[16]; static int NW;
static void start(int ep,int max){ W[NW].ep=ep; W[NW].max=max; W[NW].tmo=TMO; W[NW].pol=POL; pthread_create(&T[NW],0,waiter,&W[NW]); NW++; }
static void finish(const char *name){ for(int i=0;i<NW;i++) pthread_join(T[i],0); printf("%s:",name); for(int i=0;i<NW;i++){ if(W[i].pol) printf(" w%d=p%d/%d",i,W[i].pret,W[i].ret); else printf(" w%d=%d%s",i,W[i].ret,W[i].ret<0?strerror(W[i].err):""); if(W[i].ret>0){printf("(");for(int j=0;j<W[i].ret;j++)printf("%s%llu",j?",":"",(unsigned long long)W[i].data[j]);printf(")");} } printf("\n"); NW=0; }
static int sp(int *t){ int s[2]; socketpair(AF_UNIX,SOCK_STREAM,0,s); *t=s[1]; return s[0]; }
static void nap(void){ usleep(100000); }
static void single(const char *n, uint32_t mode, int two, int max){ int t0,t2; int s0=sp(&t0), s2=sp(&t2); int e=epoll_create1(0); add(e,s0,EPOLLIN|mode,1); if(two) add(e,s2,EPOLLIN|mode,2);
  start(e,max); start(e,max); nap(); write(t0,"x",1); if(two) write(t2,"x",1); finish(n); }
static void nested(const char *n, uint32_t outer, uint32_t inner, int innerWaiter){ int t0; int s0=sp(&t0); int e0=epoll_create1(0), e1=epoll_create1(0); add(e1,s0,EPOLLIN|inner,1); add(e0,e1,EPOLLIN|outer,2);
  if(innerWaiter){ start(e1,1); start(e0,1);} else { start(e0,1); start(e0,1);} nap(); write(t0,"x",1); finish(n); }
int main(void){
  single("epoll9 LT s0",0,0,1); single("epoll10 ET s0",EPOLLET,0,1); single("epoll11 LT s0 s2 max2",0,1,2); single("epoll12 ET s0 s2 max1",EPOLLET,1,1);
  nested("epoll25 LT/LT",0,0,0); nested("epoll26 LT/ET",0,EPOLLET,0); nested("epoll27 ET/LT",EPOLLET,0,0); nested("epoll28 ET/ET",EPOLLET,EPOLLET,0);
  nested("epoll33 inner+outer LT/LT",0,0,1); nested("epoll34 LT/ET",0,EPOLLET,1); nested("epoll35 ET/LT",EPOLLET,0,1); nested("epoll36 ET/ET",EPOLLET,EPOLLET,1);
  for(int et=0;et<2;et++){ int t0,t2; int s0=sp(&t0), s2=sp(&t2); int e0=epoll_create1(0),e1=epoll_create1(0),e2=epoll_create1(0); add(e1,s0,EPOLLIN,1); add(e2,s2,EPOLLIN,2); add(e0,e1,EPOLLIN|(et?EPOLLET:0),11); add(e0,e2,EPOLLIN|(et?EPOLLET:0),12);
    start(e0,1); start(e0,1); nap(); write(t0,"x",1); write(t2,"x",1); finish(et?"epoll54 fanout ET":"epoll53 fanout LT"); }
  { int t0; int s0=sp(&t0); int e1=epoll_create1(0); add(e1,s0,EPOLLIN,1); int o[3]; for(int i=0;i<3;i++){o[i]=epoll_create1(0); add(o[i],e1,EPOLLIN,10+i); start(o[i],1);} nap(); write(t0,"x",1); finish("G2 three outer pollers"); }
  { int p[2]; pipe(p); int e[3]; for(int i=0;i<3;i++){e[i]=epoll_create1(0); add(e[i],p[0],EPOLLIN|EPOLLET,i+1); start(e[i],1);} nap(); write(p[1],"x",1); finish("G7 three instances ET"); }
  { int p[2]; pipe(p); int e[3]; for(int i=0;i<3;i++){e[i]=epoll_create1(0); add(e[i],p[0],EPOLLIN|EPOLLET|EPOLLEXCLUSIVE,i+1); start(e[i],1);} nap(); write(p[1],"x",1); finish("G8 three exclusive waiters ET"); }
  { int p[2]; pipe(p); int e[3]; for(int i=0;i<3;i++){e[i]=epoll_create1(0); add(e[i],p[0],EPOLLIN|EPOLLEXCLUSIVE,i+1);} start(e[1],1); nap(); write(p[1],"x",1); finish("G8 L25 waiter on ep2 only");
    struct epoll_event ev; printf("  then ep1=%d ep3=%d\n", epoll_wait(e[0],&ev,1,0), epoll_wait(e[2],&ev,1,0)); }
  { int e=epoll_create1(0); int f[10]; for(int i=0;i<10;i++){f[i]=eventfd(0,EFD_NONBLOCK); add(e,f[i],EPOLLIN|EPOLLET,i);} for(int i=0;i<10;i++) start(e,1); nap(); uint64_t one=1; for(int i=0;i<10;i++) write(f[i],&one,8); finish("G4 ten ET eventfds ten waiters"); }

  { int e=epoll_create1(0); start(e,4); nap(); int f=eventfd(3,0); add(e,f,EPOLLIN,42); finish("D11/E3 ADD of a ready fd wakes a sleeper on an empty set"); }
  { int f=eventfd(1,0); int e=epoll_create1(0); add(e,f,EPOLLIN|EPOLLERR|EPOLLET,7); struct epoll_event ev; printf("G3 first wait %d\n", epoll_wait(e,&ev,1,0));
    for(int r=0;r<3;r++){ start(e,1); nap(); struct epoll_event m={.events=EPOLLIN|EPOLLERR|EPOLLET,.data.u64=7}; epoll_ctl(e,EPOLL_CTL_MOD,f,&m); finish("G3 MOD wakes the sleeper"); } }
  { int p[2]; pipe(p); int e=epoll_create1(0); add(e,p[0],EPOLLIN,5); TMO=10; start(e,1); TMO=0; start(e,1); nap(); write(p[1],"x",1); finish("G5 timed-out sleeper does not swallow"); }
  { struct sigaction sa={0}; sa.sa_handler=hnd; sa.sa_flags=SA_RESTART; sigaction(SIGUSR1,&sa,0); int e=epoll_create1(0); TMO=-1; start(e,1); TMO=0; nap(); pthread_kill(T[0],SIGUSR1); finish("D10 signal interrupts a blocked wait"); }

  for(int et=0;et<2;et++){ int t0; int s0=sp(&t0); int e=epoll_create1(0); add(e,s0,EPOLLIN|(et?EPOLLET:0),1); start(e,1); POL=1; start(e,1); POL=0; nap(); write(t0,"x",1); finish(et?"epoll14 ew+p ET":"epoll13 ew+p LT"); }
  { int t0; int s0=sp(&t0); int e=epoll_create1(0); add(e,s0,EPOLLIN|EPOLLET,1); POL=1; start(e,1); start(e,1); start(e,1); POL=0; nap(); write(t0,"x",1); finish("G2 three pollers on one epoll ET"); }
  for(int k=0;k<4;k++){ uint32_t o=(k&2)?EPOLLET:0, in=(k&1)?EPOLLET:0; int t0; int s0=sp(&t0); int e0=epoll_create1(0), e1=epoll_create1(0); add(e1,s0,EPOLLIN|in,1); add(e0,e1,EPOLLIN|o,2); start(e0,1); POL=1; start(e0,1); POL=0; nap(); write(t0,"x",1); char n[64]; snprintf(n,64,"epoll%d ew+p %s/%s",29+k,o?"ET":"LT",in?"ET":"LT"); finish(n); }

  { int t0; int s0=sp(&t0); int e=epoll_create1(0); add(e,s0,EPOLLIN,1); POL=1; start(e,1); start(e,1); start(e,1); POL=0; nap(); write(t0,"x",1); finish("G2 three pollers on one epoll LT"); }
}
