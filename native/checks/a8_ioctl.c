#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
struct epoll_params { uint32_t busy_poll_usecs; uint16_t busy_poll_budget; uint8_t prefer_busy_poll; uint8_t __pad; };
#define EPIOCSPARAMS _IOW(0x8A, 0x01, struct epoll_params)
#define EPIOCGPARAMS _IOR(0x8A, 0x02, struct epoll_params)
static void pr(const char*n,int r){printf("%-40s %d %s\n",n,r,r<0?strerror(errno):"");}
int main(void){ int ep=syscall(SYS_epoll_create1,0); int p[2]; pipe(p);
 struct epoll_params g={0}; pr("GPARAMS fresh",ioctl(ep,EPIOCGPARAMS,&g)); printf("  usecs=%u budget=%u prefer=%u pad=%u\n",g.busy_poll_usecs,g.busy_poll_budget,g.prefer_busy_poll,g.__pad);
 struct epoll_params s={.busy_poll_usecs=100,.busy_poll_budget=8,.prefer_busy_poll=1}; pr("SPARAMS ok",ioctl(ep,EPIOCSPARAMS,&s));
 pr("GPARAMS",ioctl(ep,EPIOCGPARAMS,&g)); printf("  usecs=%u budget=%u prefer=%u\n",g.busy_poll_usecs,g.busy_poll_budget,g.prefer_busy_poll);
 s.__pad=1; pr("SPARAMS pad!=0",ioctl(ep,EPIOCSPARAMS,&s)); s.__pad=0;
 s.prefer_busy_poll=2; pr("SPARAMS prefer=2",ioctl(ep,EPIOCSPARAMS,&s)); s.prefer_busy_poll=0;
 s.busy_poll_usecs=0x80000000u; pr("SPARAMS usecs>S32_MAX",ioctl(ep,EPIOCSPARAMS,&s)); s.busy_poll_usecs=5;
 s.busy_poll_budget=65; pr("SPARAMS budget 65 (root)",ioctl(ep,EPIOCSPARAMS,&s)); s.busy_poll_budget=8;
 pr("SPARAMS NULL",ioctl(ep,EPIOCSPARAMS,NULL)); pr("GPARAMS NULL",ioctl(ep,EPIOCGPARAMS,NULL));
 pr("unknown ioctl on epoll",ioctl(ep,_IO(0x8A,0x7),0)); pr("ioctl 999",ioctl(999,EPIOCGPARAMS,&g)); pr("EPIOCGPARAMS on pipe",ioctl(p[0],EPIOCGPARAMS,&g));
 pr("FIONREAD on epoll", ioctl(ep, 0x541B, &g));
}
