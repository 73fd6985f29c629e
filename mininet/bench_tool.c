/* natflow NAT benchmark traffic tool (mininet/bench.sh compiles it; no other use).
 *
 *   bench_tool server PORT NPORTS          echo server on PORT..PORT+NPORTS-1 (epoll, one thread)
 *   bench_tool crr IP PORT NPORTS SECONDS THREADS MAXCONN
 *        new TCP connections: connect, send 1 byte, read 1 byte, close; every connection uses a
 *        5-tuple not used before in the run (source port 1024-39023 bound explicitly, destination port
 *        cycling over NPORTS). Prints: conns/s, median/p99 connect time (SYN -> SYN-ACK) in us.
 *   bench_tool rr IP PORT COUNT        one established connection: COUNT 1-byte ping-pongs;
 *        prints median/p99 round trip in us.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Source ports for crr: below the ephemeral range (bench_nat.py sets 40000-60999), because ports
 * bound explicitly and left in TIME_WAIT are never picked by connect() for other sockets. */
#define CRR_PORTS 38000

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int server(int port, int nports) {
    int ep = epoll_create1(0);
    for (int i = 0; i < nports; i++) {
        int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port + i)};
        if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4096)) { perror("bind/listen"); return 1; }
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = ((uint64_t)1 << 32) | (uint32_t)s};
        epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    }
    struct epoll_event evs[256];
    char buf[4096];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = (int)(uint32_t)evs[i].data.u64;
            if (evs[i].data.u64 >> 32) {
                int c;
                while ((c = accept4(fd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    int one = 1;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint32_t)c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                }
            } else {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0) {
                    if (write(fd, buf, r) < 0) { close(fd); }
                } else if (r == 0 || errno != EAGAIN) {
                    close(fd);
                }
            }
        }
    }
}

struct crr_args {
    const char *ip; int port, nports, thread, threads; double until; long max;
    long done, failed; double *lat; long nlat;
};

static void *crr_thread(void *p) {
    struct crr_args *a = p;
    struct sockaddr_in dst = {.sin_family = AF_INET};
    inet_pton(AF_INET, a->ip, &dst.sin_addr);
    char b = 'x';
    /* this thread's share of (source port, destination port) pairs, each used once */
    for (long k = a->thread; k < a->max && now_us() < a->until; k += a->threads) {
        int sport = 1024 + (int)(k % CRR_PORTS), dport = a->port + (int)(k / CRR_PORTS) % a->nports;
        int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct timeval tv = {.tv_sec = 3};
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = htons(sport)};
        dst.sin_port = htons(dport);
        double t0 = now_us();
        if (bind(s, (struct sockaddr *)&src, sizeof src) || connect(s, (struct sockaddr *)&dst, sizeof dst)) {
            a->failed++; close(s); continue;
        }
        double t1 = now_us();
        if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1) { a->failed++; close(s); continue; }
        close(s);
        if (a->nlat < 2000000) a->lat[a->nlat++] = t1 - t0;
        a->done++;
    }
    return NULL;
}

static int crr(const char *ip, int port, int nports, double seconds, int threads, long max) {
    pthread_t th[256];
    struct crr_args args[256];
    double start = now_us();
    for (int i = 0; i < threads; i++) {
        args[i] = (struct crr_args){ip, port, nports, i, threads, start + seconds * 1e6, max, 0, 0,
                                    malloc(sizeof(double) * 2000000), 0};
        pthread_create(&th[i], NULL, crr_thread, &args[i]);
    }
    long done = 0, failed = 0, n = 0;
    for (int i = 0; i < threads; i++) { pthread_join(th[i], NULL); done += args[i].done; failed += args[i].failed; n += args[i].nlat; }
    double elapsed = (now_us() - start) / 1e6;
    double *all = malloc(sizeof(double) * (n + 1));
    long j = 0;
    for (int i = 0; i < threads; i++) for (long k = 0; k < args[i].nlat; k++) all[j++] = args[i].lat[k];
    qsort(all, n, sizeof(double), cmp_double);
    printf("{\"conns\": %ld, \"failed\": %ld, \"seconds\": %.3f, \"conns_per_s\": %.1f, \"connect_p50_us\": %.1f, \"connect_p99_us\": %.1f}\n",
           done, failed, elapsed, done / elapsed, n ? all[n / 2] : -1, n ? all[(long)(n * 0.99)] : -1);
    return 0;
}

static int rr(const char *ip, int port, int count) {
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, ip, &dst.sin_addr);
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {.tv_sec = 3};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(s, (struct sockaddr *)&dst, sizeof dst)) { perror("connect"); return 1; }
    double *lat = malloc(sizeof(double) * count);
    char b = 'x';
    int n = 0;
    for (int i = 0; i < count; i++) {
        double t0 = now_us();
        if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1) break;
        lat[n++] = now_us() - t0;
        usleep(1000);
    }
    close(s);
    qsort(lat, n, sizeof(double), cmp_double);
    printf("{\"round_trips\": %d, \"rtt_p50_us\": %.1f, \"rtt_p99_us\": %.1f}\n", n, n ? lat[n / 2] : -1, n ? lat[(int)(n * 0.99)] : -1);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && !strcmp(argv[1], "server")) return server(atoi(argv[2]), atoi(argv[3]));
    if (argc >= 8 && !strcmp(argv[1], "crr")) return crr(argv[2], atoi(argv[3]), atoi(argv[4]), atof(argv[5]), atoi(argv[6]), atol(argv[7]));
    if (argc >= 5 && !strcmp(argv[1], "rr")) return rr(argv[2], atoi(argv[3]), atoi(argv[4]));
    fprintf(stderr, "usage: see the comment at the top of bench_tool.c\n");
    return 2;
}
