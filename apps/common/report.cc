#include "report.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dsctp::apps {
namespace {

constexpr const char* kColumns[] = {
    "tool",       "mode",        "size",       "streams",        "assocs",     "unordered",
    "seconds",    "messages",    "bytes",      "gbit_per_s",     "messages_per_s",
    "rtt_p50_us", "rtt_p90_us",  "rtt_p99_us", "rtt_p999_us",    "rtt_max_us",
    "retransmissions",           "cycles_per_message",
};
constexpr size_t kColumnCount = std::size(kColumns);

double us(uint64_t ns) { return static_cast<double>(ns) / 1e3; }

// The shortest text that reads back as the same double.
std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "nan";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The row's values in column order, as text for CSV (JSON quotes the
// strings and writes the bool as one).
std::vector<std::string> values(const PerfRow& r) {
  return {r.tool,
          to_string(r.mode),
          std::to_string(r.size),
          std::to_string(r.streams),
          std::to_string(r.assocs),
          r.unordered ? "1" : "0",
          number(r.seconds),
          std::to_string(r.messages),
          std::to_string(r.bytes),
          number(r.gbit_per_s),
          number(r.messages_per_s),
          number(r.rtt_p50_us),
          number(r.rtt_p90_us),
          number(r.rtt_p99_us),
          number(r.rtt_p999_us),
          number(r.rtt_max_us),
          std::to_string(r.retransmissions),
          number(r.cycles_per_message)};
}

std::string json_object(const PerfRow& r) {
  const std::vector<std::string> v = values(r);
  std::string out = "{";
  for (size_t i = 0; i < kColumnCount; ++i) {
    if (i > 0) out += ", ";
    out += json_string(kColumns[i]) + ": ";
    if (i == 0 || i == 1) {
      out += json_string(v[i]);
    } else if (i == 5) {
      out += r.unordered ? "true" : "false";
    } else {
      // Only "nan" and "inf" have an 'n'; JSON has no word for them.
      out += v[i].find('n') == std::string::npos ? v[i] : "null";
    }
  }
  return out + "}";
}

bool write_file(const std::string& path, const std::string& text, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) error = "cannot write " + path + ": " + std::strerror(errno);
  return written && closed;
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

template <class T>
bool read_field(const std::string& text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

bool read_mode(const std::string& text, PerfMode& out) {
  for (PerfMode m : {PerfMode::kThroughput, PerfMode::kLatency, PerfMode::kSweep}) {
    if (text == to_string(m)) {
      out = m;
      return true;
    }
  }
  return false;
}

// Which column of `f` does not parse, or nothing when every one does.
std::optional<size_t> parse_row(const std::vector<std::string>& f, PerfRow& r) {
  r.tool = f[0];
  const bool ok[] = {
      !r.tool.empty(),
      read_mode(f[1], r.mode),
      read_field(f[2], r.size),
      read_field(f[3], r.streams),
      read_field(f[4], r.assocs),
      f[5] == "0" || f[5] == "1",
      read_field(f[6], r.seconds),
      read_field(f[7], r.messages),
      read_field(f[8], r.bytes),
      read_field(f[9], r.gbit_per_s),
      read_field(f[10], r.messages_per_s),
      read_field(f[11], r.rtt_p50_us),
      read_field(f[12], r.rtt_p90_us),
      read_field(f[13], r.rtt_p99_us),
      read_field(f[14], r.rtt_p999_us),
      read_field(f[15], r.rtt_max_us),
      read_field(f[16], r.retransmissions),
      read_field(f[17], r.cycles_per_message),
  };
  r.unordered = f[5] == "1";
  for (size_t i = 0; i < kColumnCount; ++i) {
    if (!ok[i]) return i;
  }
  return std::nullopt;
}

void strip_cr(std::string& line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

bool parse_line(const std::string& line, const std::string& where, PerfRow& row,
                std::string& error) {
  const std::vector<std::string> fields = split_fields(line);
  if (fields.size() != kColumnCount) {
    error = where + ": expected " + std::to_string(kColumnCount) + " columns, found " +
            std::to_string(fields.size());
    return false;
  }
  if (std::optional<size_t> bad = parse_row(fields, row)) {
    error = where + ": bad " + kColumns[*bad] + " '" + fields[*bad] + "'";
    return false;
  }
  return true;
}

}  // namespace

PerfRow to_row(const PerfResult& r) {
  PerfRow row;
  row.tool = r.tool;
  row.mode = r.mode;
  row.size = r.size;
  row.streams = r.streams;
  row.assocs = r.assocs;
  row.unordered = r.unordered;
  row.seconds = r.seconds;
  row.messages = r.messages;
  row.bytes = r.bytes;
  row.gbit_per_s = r.gbit_per_s();
  row.messages_per_s = r.messages_per_s();
  row.rtt_p50_us = us(r.rtt.percentile(0.5));
  row.rtt_p90_us = us(r.rtt.percentile(0.9));
  row.rtt_p99_us = us(r.rtt.percentile(0.99));
  row.rtt_p999_us = us(r.rtt.percentile(0.999));
  row.rtt_max_us = us(r.rtt.max());
  row.retransmissions = r.retransmissions;
  row.cycles_per_message = r.cycles_per_message;
  return row;
}

void print_progress(std::FILE* out, double elapsed_s, const PerfRow& interval) {
  if (interval.mode == PerfMode::kLatency) {
    std::fprintf(out, "%3.0f s  rtt p50 %.2f us p99 %.2f us  %.0f msg/s\n", elapsed_s,
                 interval.rtt_p50_us, interval.rtt_p99_us, interval.messages_per_s);
  } else {
    std::fprintf(out, "%3.0f s  %8.3f Gbit/s  %.3f M msg/s\n", elapsed_s, interval.gbit_per_s,
                 interval.messages_per_s / 1e6);
  }
  std::fflush(out);
}

void print_summary(std::FILE* out, const PerfRow& row) {
  std::fprintf(out, "%s %s: %u-byte messages, %u assoc%s", row.tool.c_str(), to_string(row.mode),
               row.size, row.assocs, row.assocs == 1 ? "" : "s");
  if (row.streams > 1 || row.unordered) {
    std::fprintf(out, ", %u stream%s%s", row.streams, row.streams == 1 ? "" : "s",
                 row.unordered ? ", unordered" : "");
  }
  std::fprintf(out, ", %.2f s measured\n", row.seconds);
  if (row.mode == PerfMode::kLatency) {
    std::fprintf(out,
                 "  round trip          p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f us\n"
                 "  one way             p50 %.2f us (half the round trip)\n"
                 "  round trips         %.0f /s (%llu in all)\n",
                 row.rtt_p50_us, row.rtt_p90_us, row.rtt_p99_us, row.rtt_p999_us, row.rtt_max_us,
                 row.rtt_p50_us / 2, row.messages_per_s,
                 static_cast<unsigned long long>(row.messages));
  } else {
    std::fprintf(out,
                 "  payload             %.3f Gbit/s\n"
                 "  messages            %.0f /s (%llu in all)\n"
                 "  retransmissions     %llu\n",
                 row.gbit_per_s, row.messages_per_s, static_cast<unsigned long long>(row.messages),
                 static_cast<unsigned long long>(row.retransmissions));
  }
  std::fprintf(out, "  cycles per message  %.0f\n", row.cycles_per_message);
  std::fflush(out);
}

std::string csv_header() {
  std::string s;
  for (const char* c : kColumns) s += s.empty() ? c : std::string(",") + c;
  return s;
}

std::string csv_line(const PerfRow& row) {
  std::string s;
  for (const std::string& v : values(row)) s += s.empty() ? v : "," + v;
  return s;
}

bool write_csv(const std::string& path, const std::vector<PerfRow>& rows, std::string& error) {
  std::string text = csv_header() + "\n";
  for (const PerfRow& r : rows) text += csv_line(r) + "\n";
  return write_file(path, text, error);
}

bool write_json(const std::string& path, const std::vector<PerfRow>& rows, std::string& error) {
  std::string text = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    text += (i == 0 ? "\n  " : ",\n  ") + json_object(rows[i]);
  }
  text += rows.empty() ? "]\n" : "\n]\n";
  return write_file(path, text, error);
}

std::optional<std::vector<PerfRow>> read_csv(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string line;
  std::getline(in, line);
  strip_cr(line);
  if (line != csv_header()) {
    error = path + " is not a perf results CSV file (its first line is not the header)";
    return std::nullopt;
  }
  std::vector<PerfRow> rows;
  for (size_t number = 2; std::getline(in, line); ++number) {
    strip_cr(line);
    if (line.empty()) continue;
    PerfRow row;
    if (!parse_line(line, path + ":" + std::to_string(number), row, error)) return std::nullopt;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace dsctp::apps
