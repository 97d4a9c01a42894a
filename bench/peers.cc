// The peers compiled into this build. Each lives in its own file, built only when its library
// is found (bench/CMakeLists.txt).
#include "measure.h"

namespace actlab::bench {
#ifdef ACTLAB_HAVE_ONEDNN
Peer OneDnnPeer();
#endif
#ifdef ACTLAB_HAVE_TORCH
Peer TorchPeer();
#endif

std::vector<Peer> Peers() {
  std::vector<Peer> peers;
#ifdef ACTLAB_HAVE_ONEDNN
  peers.push_back(OneDnnPeer());
#endif
#ifdef ACTLAB_HAVE_TORCH
  peers.push_back(TorchPeer());
#endif
  return peers;
}
}  // namespace actlab::bench
