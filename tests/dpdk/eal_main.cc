// The main of the DPDK test tier: EAL up once per process, with no
// hugepages and no PCI (virtual devices only), under a file prefix unique
// to this process so that parallel runs never share or delete each other's
// runtime files.
#include <gtest/gtest.h>
#include <rte_eal.h>

#include <filesystem>
#include <string>
#include <unistd.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::string prefix = "--file-prefix=dsctp-test-" + std::to_string(getpid());
  const char* eal_args[] = {"dpdk-test", "-l", "0", "--no-huge", "--no-pci", "--no-shconf",
                            prefix.c_str(), "--log-level=lib.eal:error"};
  int eal_argc = static_cast<int>(sizeof eal_args / sizeof eal_args[0]);
  if (rte_eal_init(eal_argc, const_cast<char**>(eal_args)) < 0) {
    std::fprintf(stderr, "EAL init failed\n");
    return 1;
  }
  // EAL leaves its runtime directory behind; this run's is ours to remove.
  std::string runtime_dir = rte_eal_get_runtime_dir();
  int rc = RUN_ALL_TESTS();
  rte_eal_cleanup();
  std::error_code ignored;
  std::filesystem::remove_all(runtime_dir, ignored);
  return rc;
}
