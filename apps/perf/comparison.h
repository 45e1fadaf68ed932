// The side-by-side table of the embedded default: the raw link, our stack,
// kernel TCP and usrsctp at the same message sizes, with our stack's ratio
// to the link's limit and to kernel TCP.
#pragma once

#include <string>
#include <vector>

#include "common/report.h"

namespace dsctp::apps {

inline constexpr uint32_t kLatencySize = 30;
inline constexpr uint32_t kThroughputSizes[] = {64, 1452, 65536};

// Rows missing from `rows` show as "-" (a tool that was not run or failed).
std::string comparison_table(const std::vector<PerfRow>& rows);

}  // namespace dsctp::apps
