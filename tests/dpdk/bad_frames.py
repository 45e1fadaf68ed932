#!/usr/bin/python3
"""Bad frames for the echo server, from the kernel side of its veth.

Sends frames that every layer of the stack must drop (or, for IPv4 with
options, accept), then shows that the stack still works: an association
made by hand (INIT, COOKIE ECHO), a DATA with a wrong verification tag
that must be dropped, a DATA that must come back, and a graceful
SHUTDOWN. Prints what the server's counters must then say, one
"expect <group>.<name>=<value>" line each; exits 1 if an exchange fails.

IP fragments never reach a stack on net_af_packet: DPDK 22.11's PMD
joins a fanout group with PACKET_FANOUT_FLAG_DEFRAG, so the kernel
reassembles a datagram before the PMD reads it and keeps incomplete ones
to itself. What is checked is that: no fragment counted, and a datagram
sent in fragments arriving whole.

usage: bad_frames.py IFACE OUR_IP STACK_IP STACK_MAC
"""
import select
import sys
import time

from scapy.all import IP, Ether, IPOption_Router_Alert, Raw, conf, fragment
from scapy.layers.sctp import (SCTP, SCTPChunkCookieAck, SCTPChunkCookieEcho,
                               SCTPChunkData, SCTPChunkInit, SCTPChunkInitAck,
                               SCTPChunkParamStateCookie, SCTPChunkSACK,
                               SCTPChunkShutdown, SCTPChunkShutdownAck,
                               SCTPChunkShutdownComplete)

SERVER_PORT = 5001
FOREIGN_MAC = "02:00:5e:00:53:99"  # not the stack's, and unicast
FOREIGN_IP_LAST_OCTET = 77          # an address of the subnet nobody has

iface, our_ip, stack_ip, stack_mac = sys.argv[1:5]
conf.verb = 0
sock = conf.L2socket(iface=iface)
expected = {}


def send(name, frame, times):
    """Sends `frame` `times` times; each must raise counter `name` once."""
    for _ in range(times):
        sock.send(frame)
    expected[name] = expected.get(name, 0) + times


def eth(dst=None):
    return Ether(dst=dst or stack_mac, type=0x0800)


def ip(**fields):
    return IP(src=our_ip, dst=stack_ip, **fields)


def sctp(sport=40000, tag=0, **fields):
    return SCTP(sport=sport, dport=SERVER_PORT, tag=tag, **fields)


def init(tag):
    return SCTPChunkInit(init_tag=tag, a_rwnd=65536, n_out_streams=4,
                         n_in_streams=4, init_tsn=1000)


def data(tsn, payload):
    return SCTPChunkData(tsn=tsn, stream_id=0, stream_seq=0, proto_id=100000,
                         beginning=1, ending=1, data=payload)


def send_bad_frames():
    # Cut short: an Ethernet header alone, and 10 bytes of an IP header.
    send("net.truncated", Ether(dst=stack_mac, type=0x0800), 1)
    send("net.truncated", eth() / Raw(bytes(ip() / sctp())[:10]), 1)
    # An IP total length beyond the frame.
    send("net.bad_ip_total_length", eth() / Raw(bytes(ip(len=200) / sctp() / init(1))), 1)
    send("net.bad_ip_checksum", eth() / ip(chksum=0x1234) / sctp() / init(2), 3)
    send("net.not_our_mac", eth(FOREIGN_MAC) / ip() / sctp() / init(4), 5)
    foreign_ip = ".".join(stack_ip.split(".")[:3] + [str(FOREIGN_IP_LAST_OCTET)])
    send("net.not_our_ip", eth() / IP(src=our_ip, dst=foreign_ip) / sctp() / init(5), 2)
    # SCTP: a common header cut short, a bad CRC32c, chunks whose length
    # is below a chunk header or beyond the packet.
    send("sctp.dropped_malformed", eth() / ip(proto=132) / Raw(b"\x9c\x40\x13\x89\0\0"), 1)
    send("sctp.dropped_bad_checksum", eth() / ip() / sctp(chksum=0xDEADBEEF) / init(6), 6)
    send("sctp.dropped_no_chunk", eth() / ip() / sctp() / Raw(b"\x00\x00\x00\x02"), 1)
    send("sctp.dropped_no_chunk", eth() / ip() / sctp() / Raw(b"\x00\x03\x00\x64" + b"\0" * 8), 1)
    # Out of the blue: a DATA and an INIT ACK for no association, and a
    # well-framed chunk of a type nobody defined.
    send("sctp.out_of_the_blue", eth() / ip() / sctp(tag=0x11223344) / data(1, b"lost"), 2)
    send("sctp.out_of_the_blue",
         eth() / ip() / sctp(tag=0x11223344) /
         SCTPChunkInitAck(init_tag=9, a_rwnd=65536, n_out_streams=1, n_in_streams=1,
                          init_tsn=1), 1)
    send("sctp.out_of_the_blue", eth() / ip() / sctp() / Raw(b"\x3f\x00\x00\x08garb"), 1)


def exchange(frame, want, timeout=3.0):
    """Sends `frame` (if any); returns the first SCTP packet from the
    stack for which `want` holds, or None after `timeout` seconds."""
    if frame is not None:
        sock.send(frame)
    end = time.monotonic() + timeout
    while (left := end - time.monotonic()) > 0:
        if not select.select([sock], [], [], left)[0]:
            break
        p = sock.recv()
        if p is not None and SCTP in p and p[IP].src == stack_ip and want(p):
            return p
    return None


def fail(what):
    print(f"bad_frames: {what}", file=sys.stderr)
    sys.exit(1)


def fragments():
    """A first fragment and a later one, of two datagrams never
    completed, and an INIT in two fragments (see the module's comment)."""
    sock.send(eth() / ip(flags="MF", id=7) / sctp() / init(3))
    sock.send(eth() / ip(frag=100, id=8, proto=132) / Raw(b"x" * 40))
    expected["net.fragments"] = 0
    whole = ip(id=9) / sctp(40002) / init(0x0F0F0F0F)
    for f in fragment(whole, fragsize=16):
        sock.send(eth() / f)
    if exchange(None, lambda p: SCTPChunkInitAck in p and p[SCTP].dport == 40002) is None:
        fail("no INIT ACK to an INIT sent in fragments")
    expected["sctp.inits_answered"] = expected.get("sctp.inits_answered", 0) + 1


def association_still_works():
    """The handshake by hand, IPv4 options on the INIT: then a DATA with
    a wrong tag is dropped and a right one comes back."""
    port, our_tag, our_tsn = 40001, 0x0BADCAFE, 1000
    ack = exchange(eth() / ip(options=[IPOption_Router_Alert()]) / sctp(port) / init(our_tag),
                   lambda p: SCTPChunkInitAck in p)
    if ack is None:
        fail("no INIT ACK to an INIT with IP options")
    expected["net.ipv4_options_skipped"] = 1
    expected["sctp.inits_answered"] = expected.get("sctp.inits_answered", 0) + 1
    their_tag = ack[SCTPChunkInitAck].init_tag
    cookie = [p.cookie for p in ack[SCTPChunkInitAck].params
              if isinstance(p, SCTPChunkParamStateCookie)]
    if not cookie:
        fail("INIT ACK without a State Cookie")
    if exchange(eth() / ip() / sctp(port, their_tag) / SCTPChunkCookieEcho(cookie=cookie[0]),
                lambda p: SCTPChunkCookieAck in p) is None:
        fail("no COOKIE ACK")
    expected["sctp.associations_created"] = 1
    send("sctp.dropped_bad_tag", eth() / ip() / sctp(port, their_tag ^ 0xFFFFFFFF) /
         data(our_tsn, b"wrong tag"), 1)
    payload = b"still here after the bad frames"
    echo = exchange(eth() / ip() / sctp(port, their_tag) / data(our_tsn, payload),
                    lambda p: SCTPChunkData in p)
    if echo is None or echo[SCTPChunkData].data != payload:
        fail(f"no echo, or a wrong one: {echo!r}")
    print("bad_frames: the association echoed a message after the bad frames")
    shutdown_ack = exchange(
        eth() / ip() / sctp(port, their_tag) /
        SCTPChunkSACK(cumul_tsn_ack=echo[SCTPChunkData].tsn, a_rwnd=65536) /
        SCTPChunkShutdown(cumul_tsn_ack=echo[SCTPChunkData].tsn),
        lambda p: SCTPChunkShutdownAck in p)
    if shutdown_ack is None:
        fail("no SHUTDOWN ACK")
    sock.send(eth() / ip() / sctp(port, their_tag) / SCTPChunkShutdownComplete())


send_bad_frames()
fragments()
association_still_works()
for name, value in sorted(expected.items()):
    print(f"expect {name}={value}")
