// actlab serve [--host 127.0.0.1] [--port 8080]: the playground, until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

#include "cli/commands.h"
#include "playground/server.h"
#include "playground/static_files.h"

namespace actlab::cli {
namespace {

bool Loopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

void Serve(const std::string& host, int port) {
  // The signals go to one thread that stops the server: a signal handler could not take locks.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  playground::ServerOptions options;
  options.host = host;
  options.port = port;
  options.files = playground::StaticFile;  // the page, compiled in: nothing else is served
  playground::Server server(options);
  const int bound = server.Bind();
  std::printf("actlab playground: http://%s:%d/\n", host.find(':') != std::string::npos ? ("[" + host + "]").c_str() : host.c_str(), bound);
  if (!Loopback(host)) {
    std::printf("warning: listening on %s, not only on this machine: whoever reaches it can start trainings\n",
                host.c_str());
  }
  std::fflush(stdout);
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.Stop();
  });
  server.Serve();
  // Serve() also returns when listening fails: wake the stopper so that it can be joined.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
}

}  // namespace

void AddServe(CLI::App& app) {
  auto* serve = app.add_subcommand("serve", "the playground: train networks in the browser, side by side");
  static std::string host = "127.0.0.1";
  static int port = 8080;
  serve->add_option("--host", host, "address to listen on (127.0.0.1: this machine only)");
  serve->add_option("--port", port, "port (0: any free one)")->check(CLI::Range(0, 65535));
  serve->callback([] { Serve(host, port); });
}

}  // namespace actlab::cli
