// `actlab serve`: the playground's HTTP server (cpp-httplib). The page's files come from a
// compiled-in table and nothing else; runs train on the server, one stream of snapshots each
// (server-sent events), within the limits of config.h. playground/API.md is the contract.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "playground/config.h"

namespace actlab::playground {

struct File {
  std::string_view content_type, bytes;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  Limits limits;
  double idle_seconds = 30;  // a run without a stream for this long is removed
  // The page's files by path ("/", "/app.js"): the whole file system the server can read.
  std::function<std::optional<File>(std::string_view path)> files;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds (throws std::runtime_error when it cannot) and returns the port.
  int Bind();
  // Serves until Stop(), from any thread.
  void Serve();
  void Stop();

  std::size_t runs() const;  // runs alive, for tests and the load test

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace actlab::playground
