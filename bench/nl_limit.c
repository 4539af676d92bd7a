/*
 * The physical limit of `ifconfig -a` on Linux, for bench/listing.sh: the
 * same two rtnetlink dumps (RTM_GETLINK, then RTM_GETADDR), each datagram
 * parsed as it arrives from one reused buffer, and one output line per
 * address ("NAME inet ADDR/PREFIX"), through one stdio buffer. No error
 * handling beyond giving up: it only measures.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[64 * 1024];
static char (*names)[IFNAMSIZ];
static unsigned max_index;

static void request(int fd, int type, unsigned seq) {
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = type,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = seq },
		.g = { .rtgen_family = AF_UNSPEC },
	};
	if (send(fd, &req, sizeof(req), 0) < 0) { perror("send"); exit(1); }
}

static void name_link(struct nlmsghdr *nh) {
	struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type != IFLA_IFNAME) continue;
		unsigned i = ifi->ifi_index;
		if (i >= max_index) {
			unsigned n = (i + 1) * 2;
			names = realloc(names, n * sizeof(*names));
			memset(names + max_index, 0, (n - max_index) * sizeof(*names));
			max_index = n;
		}
		snprintf(names[i], IFNAMSIZ, "%s", (char *)RTA_DATA(a));
	}
}

static void print_addr(struct nlmsghdr *nh) {
	struct ifaddrmsg *ifa = NLMSG_DATA(nh);
	int len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa));
	void *local = NULL, *address = NULL;
	for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFA_LOCAL) local = RTA_DATA(a);
		if (a->rta_type == IFA_ADDRESS) address = RTA_DATA(a);
	}
	void *addr = local ? local : address;
	if (!addr || (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)) return;
	char text[INET6_ADDRSTRLEN];
	inet_ntop(ifa->ifa_family, addr, text, sizeof(text));
	const char *name = ifa->ifa_index < max_index ? names[ifa->ifa_index] : "?";
	printf("%s %s %s/%u\n", name, ifa->ifa_family == AF_INET ? "inet" : "inet6", text, ifa->ifa_prefixlen);
}

static void dump(int fd, int type, unsigned seq, void (*each)(struct nlmsghdr *)) {
	request(fd, type, seq);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) { perror("recv"); exit(1); }
		for (struct nlmsghdr *nh = (void *)buf; NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != seq) continue;
			if (nh->nlmsg_type == NLMSG_DONE) return;
			if (nh->nlmsg_type == NLMSG_ERROR) { fprintf(stderr, "netlink error\n"); exit(1); }
			each(nh);
		}
	}
}

int main(void) {
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) { perror("socket"); return 1; }
	dump(fd, RTM_GETLINK, 1, name_link);
	dump(fd, RTM_GETADDR, 2, print_addr);
	return 0;
}
