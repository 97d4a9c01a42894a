// The peers are plugins (bench/CMakeLists.txt): each a shared module built only when its library
// is found, loaded here on first use, so that the CLI pays libtorch's start-up only when it
// measures against it. A module exports actlab_bench_peer(Peer*); it stays loaded (its runners'
// code lives in it).
#include <dlfcn.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "measure.h"

namespace actlab::bench {
namespace {

std::vector<Peer> Load() {
  std::vector<Peer> peers;
  for (const char* name : {"onednn", "torch", "xnnpack", "eigen"}) {  // the table's column order
    std::string_view dirs = ACTLAB_PEER_DIRS;  // ':'-separated; "@exe" is the program's directory
    while (!dirs.empty()) {
      const std::size_t colon = dirs.find(':');
      std::string dir(dirs.substr(0, colon));
      if (dir.starts_with("@exe")) {
        std::error_code error;
        dir = std::filesystem::read_symlink("/proc/self/exe", error).parent_path().string() + dir.substr(4);
      }
      const std::filesystem::path path = std::filesystem::path(dir) / ("libactlab_peer_" + std::string(name) + ".so");
      dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
      std::error_code missing;
      if (!std::filesystem::exists(path, missing)) continue;
      void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      const auto entry = module ? reinterpret_cast<void (*)(Peer*)>(dlsym(module, "actlab_bench_peer")) : nullptr;
      if (!entry) {
        std::fprintf(stderr, "actlab: peer %s not loaded: %s\n", path.c_str(), dlerror());
        continue;
      }
      entry(&peers.emplace_back());
      break;
    }
  }
  return peers;
}

}  // namespace

std::vector<Peer> Peers() {
  static const std::vector<Peer> peers = Load();
  return peers;
}

}  // namespace actlab::bench
