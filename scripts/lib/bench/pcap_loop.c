/*
 * The reference loops of scripts/bench: read every packet of a capture with libpcap and do
 * nothing else. "plain" opens the file with pcap_open_offline (stdio's default 4 KiB buffer);
 * "bigbuf" opens it with fopen + a 4 MiB setvbuf buffer + pcap_fopen_offline.
 *   pcap_loop plain|bigbuf FILE
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s plain|bigbuf FILE\n", argv[0]);
        return 2;
    }
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p;
    if (strcmp(argv[1], "bigbuf") == 0) {
        FILE *f = fopen(argv[2], "rb");
        if (f == NULL) {
            perror(argv[2]);
            return 1;
        }
        static char buf[4 << 20];
        setvbuf(f, buf, _IOFBF, sizeof buf);
        p = pcap_fopen_offline(f, errbuf);
    } else {
        p = pcap_open_offline(argv[2], errbuf);
    }
    if (p == NULL) {
        fprintf(stderr, "%s\n", errbuf);
        return 1;
    }
    struct pcap_pkthdr *h;
    const u_char *d;
    unsigned long packets = 0, bytes = 0;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
        packets++;
        bytes += h->caplen;
    }
    printf("%lu packets %lu bytes\n", packets, bytes);
    pcap_close(p);
    return rc == -2 ? 0 : 1;
}
