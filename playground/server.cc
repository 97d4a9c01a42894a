#include "playground/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "actlab/actlab.h"
#include "playground/export.h"
#include "playground/run.h"
// After Eigen (through run.h): httplib brings <resolv.h>, whose `_res` macro breaks Eigen's
// parameters of that name.
#include <httplib.h>

namespace actlab::playground {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// A run and what its stream and the controls share, under `m`.
struct Entry {
  explicit Entry(Run r) : run(std::move(r)), seen(Clock::now()) {}
  std::mutex m;
  std::condition_variable cv;
  Run run;
  bool dirty = true;        // a snapshot is due
  long stream = 0;          // the attached stream's number; 0: none, -1: the run was deleted
  Clock::time_point seen;   // when a stream last served it, or it was made
};

void Reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void Refuse(httplib::Response& res, int status, const std::string& message) {
  Reply(res, status, {{"error", message}});
}

json Body(const httplib::Request& req) {
  if (req.body.empty()) return json::object();
  try {
    return json::parse(req.body);
  } catch (const json::exception& e) {  // a syntax error, or a number out of range (1e999)
    throw ConfigError(std::string("body: not JSON (") + e.what() + ")");
  }
}

std::string NewId() {
  static std::mutex m;
  static std::mt19937_64 rng(std::random_device{}());
  std::lock_guard<std::mutex> lock(m);
  char buf[20];
  std::snprintf(buf, sizeof buf, "r%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

json Catalog(const Limits& limits) {
  json activations = json::array();
  for (const Info& info : catalog()) {
    if (info.layout != Layout::kElementwise && info.layout != Layout::kChannels) continue;
    json params = json::array();
    for (const ParamInfo& p : info.params) {
      if (info.layout == Layout::kChannels && p.name == "inner") continue;  // a dense layer's is 1
      json choices = json::array();
      for (auto c : p.choices) choices.push_back(std::string(c));
      params.push_back({{"name", std::string(p.name)},
                        {"default", p.choices.empty() ? json(p.default_value) : json(std::string(p.choices[std::size_t(p.default_value)]))},
                        {"min", p.min}, {"max", p.max}, {"integer", p.integer}, {"choices", choices},
                        {"doc", std::string(p.doc)}});
    }
    activations.push_back({{"name", std::string(info.name)}, {"summary", std::string(info.summary)},
                           {"formula", std::string(info.formula)}, {"derivative", std::string(info.derivative)},
                           {"params", params}, {"learnable", std::string(info.learnable)},
                           {"layout", info.layout == Layout::kChannels ? "channels" : "elementwise"}});
  }
  json datasets = json::array();
  for (const DatasetInfo& d : kDatasets) {
    const char* kind = d.kind == DataKind::kRegression ? "regression" : d.kind == DataKind::kImages ? "images" : "classification";
    json entry = {{"name", d.name}, {"kind", kind}};
    if (d.classes) entry["classes"] = d.classes;
    datasets.push_back(entry);
  }
  return {{"activations", activations}, {"datasets", datasets}, {"features", kFeatures}, {"inits", kInits},
          {"losses", kLosses}, {"optimizers", kOptimizers},
          {"limits", {{"layers", limits.layers}, {"units", limits.units}, {"points", limits.points},
                      {"batch", limits.batch}, {"steps", limits.steps}, {"networks", limits.networks},
                      {"runs", limits.runs}, {"seconds", limits.seconds}, {"body_bytes", limits.body_bytes}}}};
}

json Curve(const json& body) {
  OnlyFields(body, "", {"spec", "lo", "hi", "points"});
  const std::string spec = Text(body, "spec", "", 200, "relu");
  const double lo = Number(body, "lo", "", -1e6, 1e6, -5), hi = Number(body, "hi", "", -1e6, 1e6, 5);
  if (!(lo < hi)) throw ConfigError("lo: must be below hi");
  const long n = Integer(body, "points", "", 2, 2001, 201);
  Activation act = Activation::parse(spec);  // actlab::Error names the spec's fault
  if (act.info().layout != Layout::kElementwise && act.info().layout != Layout::kChannels) {
    throw ConfigError("spec: " + std::string(act.info().name) + " is not a function of one x");
  }
  std::vector<double> x(static_cast<std::size_t>(n)), y(x.size()), dy(x.size()), ones(x.size(), 1.0);
  for (long i = 0; i < n; ++i) x[std::size_t(i)] = lo + (hi - lo) * double(i) / double(n - 1);
  act.forward(x, y);
  act.backward(x, ones, dy);
  return {{"spec", act.spec()}, {"x", x}, {"y", y}, {"dy", dy}};
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServerOptions options) : o(std::move(options)), catalog(Catalog(o.limits)) {}

  ServerOptions o;
  json catalog;
  httplib::Server http;
  mutable std::mutex runs_m;
  std::map<std::string, std::shared_ptr<Entry>> runs;
  std::atomic<bool> stopping{false};
  std::atomic<long> streams{0};
  std::mutex janitor_m;
  std::condition_variable janitor_cv;
  std::thread janitor;

  std::shared_ptr<Entry> Find(const std::string& id) {
    std::lock_guard<std::mutex> lock(runs_m);
    const auto it = runs.find(id);
    return it == runs.end() ? nullptr : it->second;
  }

  // Removes the runs that no stream has served for idle_seconds.
  void Sweep() {
    std::lock_guard<std::mutex> lock(runs_m);
    for (auto it = runs.begin(); it != runs.end();) {
      std::lock_guard<std::mutex> entry_lock(it->second->m);
      const double idle = std::chrono::duration<double>(Clock::now() - it->second->seen).count();
      if (it->second->stream == 0 && idle > o.idle_seconds) it = runs.erase(it);
      else ++it;
    }
  }

  void Create(const httplib::Request& req, httplib::Response& res) {
    RunConfig config = ParseRunConfig(Body(req), o.limits);
    {
      std::lock_guard<std::mutex> lock(runs_m);
      if (runs.size() >= std::size_t(o.limits.runs)) {
        return Refuse(res, 429, "runs: " + std::to_string(o.limits.runs) + " are training already; stop one (DELETE) or wait");
      }
    }
    auto entry = std::make_shared<Entry>(Run(std::move(config), o.limits));
    json nets = json::array();
    for (Network& n : entry->run.networks()) nets.push_back({{"label", n.config().label}, {"parameters", n.parameters()}});
    const std::string id = NewId();
    const json reply = {{"id", id}, {"networks", nets}, {"points", entry->run.Points()},
                        {"command", CommandLine(entry->run.config())}};
    {
      std::lock_guard<std::mutex> lock(runs_m);
      if (runs.size() >= std::size_t(o.limits.runs)) {  // others made theirs meanwhile
        return Refuse(res, 429, "runs: " + std::to_string(o.limits.runs) + " are training already; stop one (DELETE) or wait");
      }
      runs.emplace(id, std::move(entry));
    }
    Reply(res, 200, reply);
  }

  // The stream: trains 10 steps every 50 ms while running, and sends a snapshot after each of
  // those and each control; a keep-alive comment each second otherwise, which is also how a
  // client that went away is noticed. Ends when the client goes, a newer stream takes the run,
  // the run is deleted or the server stops; the run is then paused.
  void Stream(const std::shared_ptr<Entry>& entry, httplib::Response& res) {
    const long me = ++streams;
    {
      std::lock_guard<std::mutex> lock(entry->m);
      entry->stream = me;
      entry->dirty = true;
      entry->cv.notify_all();  // a stream it replaces ends
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream", [this, entry, me](std::size_t, httplib::DataSink& sink) {
      Clock::time_point units_sent{}, last_step{};
      // An exception here would escape httplib's worker thread and end the whole server: a
      // run that throws while training or measuring is reported and its stream ends instead.
      try {
        while (!stopping) {
          std::string message;
          {
            std::unique_lock<std::mutex> lock(entry->m);
            if (entry->stream != me) break;
            if (entry->run.state() == State::kRunning) {
              // 10 steps a snapshot, at most 20 snapshots a second: small networks would otherwise
              // finish between two frames, and a run is there to be watched.
              entry->cv.wait_until(lock, last_step + std::chrono::milliseconds(50), [&] {
                return stopping || entry->stream != me || entry->run.state() != State::kRunning;
              });
              if (entry->run.state() == State::kRunning) entry->run.Step(10);
              last_step = Clock::now();
              entry->dirty = true;
            } else if (!entry->dirty) {
              entry->cv.wait_for(lock, std::chrono::seconds(1), [&] {
                return entry->dirty || entry->run.state() == State::kRunning || stopping || entry->stream != me;
              });
            }
            if (entry->stream != me) break;
            if (entry->dirty) {
              const bool units = entry->run.state() != State::kRunning || Clock::now() - units_sent > std::chrono::milliseconds(500);
              if (units) units_sent = Clock::now();
              message = "data: " + entry->run.Snapshot(units).dump() + "\n\n";
              entry->dirty = false;
            }
            entry->seen = Clock::now();
          }
          if (message.empty()) message = ": keep-alive\n\n";
          if (!sink.write(message.data(), message.size())) break;
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "actlab serve: a run failed and its stream ended: %s\n", e.what());
      }
      {
        std::lock_guard<std::mutex> lock(entry->m);
        if (entry->stream == me) {
          entry->stream = 0;
          entry->run.Pause();
          entry->seen = Clock::now();
        }
      }
      sink.done();
      return true;
    });
  }

  json Control(const std::shared_ptr<Entry>& entry, const json& body) {
    OnlyFields(body, "", {"action", "steps"});
    const std::string action = Text(body, "action", "", 16, "");
    const long steps = Integer(body, "steps", "", 1, 1000, 1);
    std::lock_guard<std::mutex> lock(entry->m);
    if (action == "play") entry->run.Play();
    else if (action == "pause") entry->run.Pause();
    else if (action == "step") {
      entry->run.Pause();
      entry->run.Step(steps);
    } else if (action == "reset") entry->run.Reset();
    else throw ConfigError("action: must be one of play, pause, step, reset, got '" + action.substr(0, 32) + "'");
    entry->dirty = true;
    entry->cv.notify_all();
    return {{"state", Name(entry->run.state())}, {"step", entry->run.step()}};
  }

  // Each handler's refusals as JSON errors; anything else unexpected as a 500 that says what.
  template <class F>
  httplib::Server::Handler Guarded(F f) {
    return [this, f](const httplib::Request& req, httplib::Response& res) {
      if (stopping) return Refuse(res, 503, "the server is stopping");
      try {
        f(req, res);
      } catch (const ConfigError& e) {
        Refuse(res, 400, e.what());
      } catch (const Error& e) {
        Refuse(res, 400, e.what());
      } catch (const std::exception& e) {
        Refuse(res, 500, std::string("internal error: ") + e.what());
      }
    };
  }

  template <class F>
  httplib::Server::Handler WithRun(F f) {
    return Guarded([this, f](const httplib::Request& req, httplib::Response& res) {
      const auto entry = Find(req.matches[1]);
      if (!entry) return Refuse(res, 404, "no run '" + std::string(req.matches[1]).substr(0, 40) + "' (finished, deleted, or idle for too long)");
      f(entry, req, res);
    });
  }

  void Routes() {
    http.Get("/api/catalog", Guarded([this](const httplib::Request&, httplib::Response& res) { Reply(res, 200, catalog); }));
    http.Post("/api/curve", Guarded([](const httplib::Request& req, httplib::Response& res) { Reply(res, 200, Curve(Body(req))); }));
    http.Post("/api/runs", Guarded([this](const httplib::Request& req, httplib::Response& res) { Create(req, res); }));
    http.Get(R"(/api/runs/([A-Za-z0-9]{1,40})/events)",
             WithRun([this](const std::shared_ptr<Entry>& e, const httplib::Request& req, httplib::Response& res) {
               // cpp-httplib 0.11 gzips text/* for clients that accept it, browsers included, and its
               // compressor holds a stream's events back until it has a block: this stream goes
               // uncompressed. (The request object is httplib's own, not const underneath.)
               const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
               Stream(e, res);
             }));
    http.Post(R"(/api/runs/([A-Za-z0-9]{1,40})/control)",
              WithRun([this](const std::shared_ptr<Entry>& e, const httplib::Request& req, httplib::Response& res) {
                Reply(res, 200, Control(e, Body(req)));
              }));
    http.Get(R"(/api/runs/([A-Za-z0-9]{1,40})/export)",
             WithRun([](const std::shared_ptr<Entry>& e, const httplib::Request&, httplib::Response& res) {
               std::lock_guard<std::mutex> lock(e->m);
               Reply(res, 200, {{"command", CommandLine(e->run.config())}, {"pytorch", PytorchScript(e->run.config())}});
             }));
    http.Delete(R"(/api/runs/([A-Za-z0-9]{1,40}))",
                WithRun([this](const std::shared_ptr<Entry>& e, const httplib::Request& req, httplib::Response& res) {
                  {
                    std::lock_guard<std::mutex> lock(e->m);
                    e->stream = -1;
                    e->cv.notify_all();
                  }
                  std::lock_guard<std::mutex> lock(runs_m);
                  runs.erase(req.matches[1]);
                  Reply(res, 200, json::object());
                }));
    // Everything else is one of the page's compiled-in files, or nothing.
    http.Get(R"(/(?!api/).*)", Guarded([this](const httplib::Request& req, httplib::Response& res) {
      const std::string path = req.path == "/" ? "/index.html" : req.path;
      const std::optional<File> file = o.files ? o.files(path) : std::nullopt;
      if (!file) return Refuse(res, 404, "no file " + path.substr(0, 80));
      res.set_content(std::string(file->bytes), std::string(file->content_type).c_str());
    }));
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler's own message
      const std::string what = res.status == 413 ? "body: too large"
                               : res.status == 404 ? "no such path: " + req.path.substr(0, 80)
                               : res.status == 405 ? "method not allowed"
                               : "bad request";
      Refuse(res, res.status, what);
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& http = impl_->http;
  // Bounded work: every stream holds one of these threads, and there are at most `runs` streams.
  const std::size_t threads = std::size_t(impl_->o.limits.runs) + 8;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(impl_->o.limits.body_bytes);
  http.set_read_timeout(5, 0);   // a client that sends slowly is dropped
  http.set_write_timeout(5, 0);  // and one that does not read
  http.set_keep_alive_max_count(100);
  impl_->Routes();
}

Server::~Server() { Stop(); }

namespace {
// Debian's cpp-httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
// its library): tens of clients connecting at once overflow it, and some of them fail. listen()
// again on the bound socket raises it; the socket is found by its port.
void RaiseBacklog(int port) {
  for (int fd = 0; fd < 4096; ++fd) {
    int listening = 0;
    socklen_t size = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    const int bound = address.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port)
                      : address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                                      : -1;
    if (bound == port) listen(fd, SOMAXCONN);
  }
}
}  // namespace

int Server::Bind() {
  const auto& o = impl_->o;
  const int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host) : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port));
  RaiseBacklog(port);
  impl_->janitor = std::thread([this] {
    std::unique_lock<std::mutex> lock(impl_->janitor_m);
    while (!impl_->stopping) {
      impl_->janitor_cv.wait_for(lock, std::chrono::seconds(1));
      impl_->Sweep();
    }
  });
  return port;
}

void Server::Serve() { impl_->http.listen_after_bind(); }

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->runs_m);
    for (auto& [id, entry] : impl_->runs) {
      std::lock_guard<std::mutex> entry_lock(entry->m);
      entry->cv.notify_all();
    }
  }
  impl_->http.stop();
  impl_->janitor_cv.notify_all();
  if (impl_->janitor.joinable()) impl_->janitor.join();
}

std::size_t Server::runs() const {
  std::lock_guard<std::mutex> lock(impl_->runs_m);
  return impl_->runs.size();
}

}  // namespace actlab::playground
