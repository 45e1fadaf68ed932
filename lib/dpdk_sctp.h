// dpdk-sctp: SCTP (RFC 9260) on DPDK, with no kernel on the data path.
// The one header an application includes: `#include <dpdk_sctp.h>`, with
// `pkg-config --cflags --libs dpdk-sctp`.
//
// The objects, outermost first:
//   rt::Engine          one per lcore (and per port queue): polls the
//                       queue and runs the IP layer, the SCTP endpoint,
//                       the timers and your callbacks
//   sctp::Endpoint      engine.endpoint(): listen() and connect()
//   sctp::Association   one per peer, handed to every callback: send(),
//                       shutdown(), abort()
//
// The call sequence: rte_eal_init(); rte_pktmbuf_pool_create();
// rt::start_port(); an rt::Engine on that port, with an rt::SystemRandom;
// endpoint().listen() or connect() with your sctp::Callbacks and context
// pointer; engine.start(); then engine.poll() in a loop on that lcore.
//
// Threading: an engine and everything in it belong to the lcore that
// polls it; nothing is locked, so never touch it from another thread. A
// thread that is not an lcore talks to an engine through an
// rt::AppChannel (two rings: commands in, events out).
// Callbacks run on that lcore, inside poll() or a call you make into the
// stack. From a callback you may call send(), shutdown(), abort() and
// connect(): what they send leaves when the running call returns. An
// Association stays valid until its `closed` callback returns.
//
// Received messages are views into the mbufs they arrived in, valid for
// the `message` callback. Copy the bytes out, or move the ReceivedMessage
// away to keep it: it holds the mbufs until it is destroyed. send() of a
// byte span copies it and never blocks (kNoSpace: wait for `writable`);
// send(rt::mbuf_message(m, ...)) sends bytes you hold in an mbuf (or a
// chain) without a copy and frees the mbuf once the peer has them.
// Several engines in one process share an rt::Steering (one engine per
// lcore and port queue); listen on every engine.
//
// More: doc/api.md of the source tree, and apps/examples/echo_server.cc.
#pragma once

#include <rte_eal.h>
#include <rte_mbuf.h>

#include "rt/app_channel.h"
#include "rt/engine.h"
#include "rt/mbuf_message.h"
#include "rt/port.h"
#include "rt/system_random.h"
#include "sctp/association/association.h"
#include "sctp/association/events.h"
#include "sctp/endpoint/endpoint.h"
