// usrsctp under the conditions of association_bench: both endpoints in one
// thread, no I/O, no timer thread; usrsctp's AF_CONN output callback copies
// each packet into a queue that a pump hands to the other side with
// usrsctp_conninput (never from inside the callback: usrsctp would re-enter
// itself). Each iteration sends a batch of messages client to server and
// pumps until the server has them all and the client has nothing left
// unacknowledged. usrsctp computes and checks the CRC32c of every packet in
// software (offload disabled, the default), as our stack does.
//
// Messages are received through usrsctp's receive callback (the "callback
// API"), the faster of its two ways here (by 5-10%);
// BM_UsrsctpMessagesRecvv reads the same traffic with usrsctp_recvv from a
// non-blocking socket instead.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <vector>

namespace dsctp::bench {
namespace {

// The fixed SACK delay the pump jumps over when only a delayed SACK is left
// (usrsctp's virtual clock only moves when it is told to).
constexpr uint32_t kDelayedSackMs = 10;
constexpr int kSocketBuffer = 4 << 20;
// As in association_bench. Neither size measured here is fragmented or
// bundled (each message leaves in a packet of its own), so usrsctp's count
// of header overhead on AF_CONN, which differs from ours, changes nothing.
constexpr uint32_t kPathMtu = 1500;
constexpr uint32_t kBatch = 64;
constexpr int kMaxPumpSteps = 1'000'000;
constexpr int kMaxTimerJumps = 1000;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "bench_usrsctp: %s (errno %d)\n", what, errno);
  std::abort();
}

template <class T>
void set_option(struct socket* s, int level, int name, const T& value, const char* what) {
  if (usrsctp_setsockopt(s, level, name, &value, sizeof value) != 0) fail(what);
}

enum class ReceiveMode { kCallback, kRecvv };

class Pair;

// Callbacks find their pair by the AF_CONN address usrsctp hands back, an
// index into this table with the low bit naming the sending side.
std::vector<Pair*> g_pairs;

struct Packet {
  bool to_server = false;
  std::vector<std::byte> bytes;
};

class Pair {
 public:
  Pair(ReceiveMode mode, uint16_t server_port) : mode_(mode), index_(g_pairs.size()) {
    g_pairs.push_back(this);
    usrsctp_register_address(client_end());
    usrsctp_register_address(server_end());
    connect(server_port);
  }

  ~Pair() {
    // SO_LINGER 0 aborts: a graceful SHUTDOWN would need the pump and timers
    // to run on, and nothing is measured any more.
    for (struct socket* s : {client_, server_, listener_}) {
      if (s == nullptr) continue;
      struct linger l{};
      l.l_onoff = 1;
      l.l_linger = 0;
      usrsctp_setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
      usrsctp_close(s);
    }
    queue_.clear();
    usrsctp_deregister_address(client_end());
    usrsctp_deregister_address(server_end());
    g_pairs[index_] = nullptr;
  }

  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;

  static int output(void* addr, void* buffer, size_t length, uint8_t /*tos*/,
                    uint8_t /*set_df*/) {
    auto raw = reinterpret_cast<uintptr_t>(addr);
    size_t index = (raw >> 1) - 1;
    if (index >= g_pairs.size() || g_pairs[index] == nullptr) return 0;
    g_pairs[index]->enqueue((raw & 1) == 0, static_cast<const std::byte*>(buffer), length);
    return 0;
  }

  static int on_receive(struct socket* /*sock*/, union sctp_sockstore /*addr*/, void* data,
                        size_t length, struct sctp_rcvinfo /*info*/, int flags,
                        void* ulp_info) {
    if (data == nullptr) return 1;
    auto index = reinterpret_cast<uintptr_t>(ulp_info);
    if (index < g_pairs.size() && g_pairs[index] != nullptr &&
        (flags & MSG_NOTIFICATION) == 0) {
      g_pairs[index]->count(length, flags);
    }
    std::free(data);  // usrsctp hands the buffer over
    return 1;
  }

  // Sends `batch` messages and runs both sides until they are all received
  // and acknowledged.
  void transfer(const std::vector<std::byte>& payload, uint32_t batch) {
    const uint64_t target = received_ + batch;
    for (uint32_t i = 0; i < batch; ++i) {
      for (int tries = 0;; ++tries) {
        ssize_t n = usrsctp_sendv(client_, payload.data(), payload.size(), nullptr, 0, nullptr,
                                  0, SCTP_SENDV_NOINFO, 0);
        if (n == static_cast<ssize_t>(payload.size())) break;
        if (n >= 0 || errno != EWOULDBLOCK || tries > 100) fail("usrsctp_sendv refused");
        pump_once();  // the send buffer is full: let SACKs free it
      }
    }
    for (int jumps = 0;; ++jumps) {
      pump_once();
      if (received_ >= target && unacknowledged() == 0) return;
      if (jumps >= kMaxTimerJumps) fail("the transfer never completed");
      // The wire is quiet, so only a timer can move things on: a delayed
      // SACK holding back the sender's window or the last acknowledgement.
      usrsctp_handle_timers(kDelayedSackMs);
    }
  }

  uint64_t received() const { return received_; }
  uint64_t received_bytes() const { return received_bytes_; }

 private:
  void* client_end() const { return reinterpret_cast<void*>((index_ + 1) << 1); }
  void* server_end() const { return reinterpret_cast<void*>(((index_ + 1) << 1) | 1); }

  void enqueue(bool to_server, const std::byte* bytes, size_t length) {
    Packet p;
    if (!spare_.empty()) {
      p.bytes = std::move(spare_.back());
      spare_.pop_back();
    }
    p.to_server = to_server;
    p.bytes.assign(bytes, bytes + length);
    queue_.push_back(std::move(p));
  }

  void count(size_t length, int flags) {
    partial_bytes_ += length;
    if (flags & MSG_EOR) {
      ++received_;
      received_bytes_ += partial_bytes_;
      partial_bytes_ = 0;
    }
  }

  // Delivers until the wire is empty, reading the server socket whenever it
  // is (in recvv mode), since reading may open the window and send.
  void pump_once() {
    for (int steps = 0; steps < kMaxPumpSteps; ++steps) {
      if (queue_.empty()) {
        if (mode_ == ReceiveMode::kCallback || server_ == nullptr || !drain_server()) return;
        continue;
      }
      Packet p = std::move(queue_.front());
      queue_.pop_front();
      // conninput names the receiving end; usrsctp records it as the source
      // and answers through it.
      usrsctp_conninput(p.to_server ? server_end() : client_end(), p.bytes.data(),
                        p.bytes.size(), 0);
      spare_.push_back(std::move(p.bytes));
    }
    fail("the wire never went quiet");
  }

  // Reads every message waiting on the server; true if it read any.
  bool drain_server() {
    bool any = false;
    for (;;) {
      struct sctp_rcvinfo info{};
      socklen_t info_len = sizeof info;
      unsigned int info_type = 0;
      int flags = 0;
      ssize_t n = usrsctp_recvv(server_, rx_buffer_.data(), rx_buffer_.size(), nullptr,
                                nullptr, &info, &info_len, &info_type, &flags);
      if (n < 0) {
        if (errno == EWOULDBLOCK || errno == EAGAIN) return any;
        fail("usrsctp_recvv failed");
      }
      if (n == 0) fail("the association went away");
      any = true;
      if ((flags & MSG_NOTIFICATION) == 0) count(static_cast<size_t>(n), flags);
    }
  }

  uint32_t unacknowledged() const {
    struct sctp_status status{};
    socklen_t len = sizeof status;
    if (usrsctp_getsockopt(client_, IPPROTO_SCTP, SCTP_STATUS, &status, &len) != 0) {
      fail("SCTP_STATUS failed");
    }
    return status.sstat_unackdata + status.sstat_penddata;
  }

  struct socket* make_socket() {
    struct socket* s = usrsctp_socket(
        AF_CONN, SOCK_STREAM, IPPROTO_SCTP,
        mode_ == ReceiveMode::kCallback ? &Pair::on_receive : nullptr, nullptr, 0,
        // usrsctp refuses ulp_info without a receive callback.
        mode_ == ReceiveMode::kCallback ? reinterpret_cast<void*>(index_) : nullptr);
    if (s == nullptr) fail("usrsctp_socket failed");
    if (usrsctp_set_non_blocking(s, 1) != 0) fail("usrsctp_set_non_blocking failed");
    int on = 1;
    set_option(s, IPPROTO_SCTP, SCTP_NODELAY, on, "SCTP_NODELAY");
    set_option(s, SOL_SOCKET, SO_SNDBUF, kSocketBuffer, "SO_SNDBUF");
    set_option(s, SOL_SOCKET, SO_RCVBUF, kSocketBuffer, "SO_RCVBUF");
    // What recvv hands back then matches what the callback is given.
    set_option(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, on, "SCTP_RECVRCVINFO");
    // Endpoint defaults, set before the association exists: usrsctp
    // refuses per-address settings for an AF_CONN peer. Heartbeats off, so
    // that jumps of the virtual clock add no packets.
    struct sctp_paddrparams p{};
    p.spp_assoc_id = SCTP_FUTURE_ASSOC;
    p.spp_pathmtu = kPathMtu;
    p.spp_flags = SPP_PMTUD_DISABLE | SPP_HB_DISABLE;
    set_option(s, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, p, "SCTP_PEER_ADDR_PARAMS");
    return s;
  }

  void connect(uint16_t server_port) {
    struct sockaddr_conn server{};
    server.sconn_family = AF_CONN;
    server.sconn_port = htons(server_port);
    server.sconn_addr = server_end();
    struct sockaddr_conn client{};
    client.sconn_family = AF_CONN;
    client.sconn_port = htons(static_cast<uint16_t>(server_port + 1));
    client.sconn_addr = client_end();

    listener_ = make_socket();
    client_ = make_socket();
    if (usrsctp_bind(listener_, reinterpret_cast<struct sockaddr*>(&server), sizeof server) !=
            0 ||
        usrsctp_listen(listener_, 1) != 0 ||
        usrsctp_bind(client_, reinterpret_cast<struct sockaddr*>(&client), sizeof client) != 0) {
      fail("bind/listen failed");
    }
    // The client names its own end as the peer, so that the output callback
    // is told which side sent each packet.
    struct sockaddr_conn to = client;
    to.sconn_port = htons(server_port);
    if (usrsctp_connect(client_, reinterpret_cast<struct sockaddr*>(&to), sizeof to) != 0 &&
        errno != EINPROGRESS) {
      fail("usrsctp_connect failed");
    }
    for (int jumps = 0; jumps < kMaxTimerJumps; ++jumps) {
      pump_once();
      if (server_ == nullptr) server_ = usrsctp_accept(listener_, nullptr, nullptr);
      if (server_ != nullptr) {
        if (usrsctp_set_non_blocking(server_, 1) != 0) fail("usrsctp_set_non_blocking failed");
        if (established()) return;
      }
      usrsctp_handle_timers(kDelayedSackMs);
    }
    fail("the association did not come up");
  }

  bool established() const {
    struct sctp_status status{};
    socklen_t len = sizeof status;
    return usrsctp_getsockopt(client_, IPPROTO_SCTP, SCTP_STATUS, &status, &len) == 0 &&
           status.sstat_state == SCTP_ESTABLISHED;
  }

  ReceiveMode mode_;
  size_t index_;
  struct socket* listener_ = nullptr;
  struct socket* client_ = nullptr;
  struct socket* server_ = nullptr;
  std::deque<Packet> queue_;
  std::vector<std::vector<std::byte>> spare_;  // buffers of delivered packets
  std::vector<std::byte> rx_buffer_ = std::vector<std::byte>(64 << 10);
  uint64_t received_ = 0;
  uint64_t received_bytes_ = 0;
  size_t partial_bytes_ = 0;
};

// usrsctp runs once per process: one association per receive mode, set up
// on first use and kept for every benchmark.
std::unique_ptr<Pair> g_callback_pair;
std::unique_ptr<Pair> g_recvv_pair;

Pair& pair_for(ReceiveMode mode) {
  std::unique_ptr<Pair>& p = mode == ReceiveMode::kCallback ? g_callback_pair : g_recvv_pair;
  if (!p) p = std::make_unique<Pair>(mode, mode == ReceiveMode::kCallback ? 5000 : 6000);
  return *p;
}

void run_messages(benchmark::State& state, ReceiveMode mode) {
  const auto size = static_cast<size_t>(state.range(0));
  Pair& pair = pair_for(mode);
  std::vector<std::byte> payload(size, std::byte{0x42});
  const uint64_t messages_before = pair.received();
  const uint64_t bytes_before = pair.received_bytes();
  for (auto _ : state) pair.transfer(payload, kBatch);
  const uint64_t messages = pair.received() - messages_before;
  const uint64_t bytes = pair.received_bytes() - bytes_before;
  if (messages != uint64_t{kBatch} * state.iterations() || bytes != messages * size) {
    state.SkipWithError("messages went missing");
  }
  state.SetItemsProcessed(static_cast<int64_t>(messages));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["Gbit/s"] = benchmark::Counter(static_cast<double>(bytes) * 8 / 1e9,
                                                benchmark::Counter::kIsRate);
  state.SetLabel(mode == ReceiveMode::kCallback ? "batch 64, CRC32c on, receive callback"
                                                : "batch 64, CRC32c on, recvv");
}

void BM_UsrsctpMessages(benchmark::State& state) { run_messages(state, ReceiveMode::kCallback); }
void BM_UsrsctpMessagesRecvv(benchmark::State& state) { run_messages(state, ReceiveMode::kRecvv); }

BENCHMARK(BM_UsrsctpMessages)->Arg(64)->Arg(1452);
BENCHMARK(BM_UsrsctpMessagesRecvv)->Arg(64)->Arg(1452);

}  // namespace
}  // namespace dsctp::bench

int main(int argc, char** argv) {
  using namespace dsctp::bench;
  // Fixed allocator thresholds: glibc otherwise moves them as the process
  // runs, and once the callback benchmarks had run, usrsctp's allocations
  // in recvv mode came from fresh pages, three times slower per message.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  usrsctp_init_nothreads(0, &Pair::output, nullptr);
  // The default, made explicit: every packet's CRC32c computed on output
  // and checked on input, in software.
  usrsctp_disable_crc32c_offload();
  // A SACK delay the pump can jump over cheaply (the default is 200 ms; the
  // virtual clock makes the value irrelevant to wall time, it only keeps
  // RTT samples small). SACK frequency stays at usrsctp's default of 2.
  usrsctp_sysctl_set_sctp_delayed_sack_time_default(kDelayedSackMs);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  g_callback_pair.reset();
  g_recvv_pair.reset();
  // Closed endpoints are freed by usrsctp's timers; usrsctp_finish refuses
  // while any is left, so the clock is run on until it accepts.
  for (int i = 0; usrsctp_finish() != 0; ++i) {
    if (i == 100) {
      std::fprintf(stderr, "bench_usrsctp: usrsctp_finish kept refusing; exiting anyway\n");
      return 0;
    }
    usrsctp_handle_timers(100);
  }
  return 0;
}
