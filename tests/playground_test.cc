// The playground's server on 127.0.0.1, through its HTTP API (playground/API.md): every route,
// every class of bad request, streams, limits, idle runs, clients that go away, and a bounded
// load test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "playground/export.h"
#include "playground/server.h"
// After Eigen (through the playground's headers): httplib's <resolv.h> defines `_res`.
#include <httplib.h>

namespace actlab::playground {
namespace {

using nlohmann::json;

class Playground : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.files = [](std::string_view path) -> std::optional<File> {
      if (path == "/index.html") return File{"text/html", "<html>playground</html>"};
      return std::nullopt;
    };
    server_ = std::make_unique<Server>(options);
    port_ = server_->Bind();
    thread_ = std::thread([this] { server_->Serve(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Result Post(const std::string& path, const std::string& body) {
    return Client().Post(path.c_str(), body, "application/json");
  }
  // A POST that must fail: its status, and an error message containing `words`.
  void Refused(const std::string& path, const std::string& body, int status, const std::string& words) {
    const auto r = Post(path, body);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << body.substr(0, 200) << " -> " << r->body;
    const json reply = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(reply.is_object() && reply.contains("error")) << r->body;
    EXPECT_NE(reply["error"].get<std::string>().find(words), std::string::npos)
        << "'" << reply["error"].get<std::string>() << "' lacks '" << words << "'";
  }
  std::string NewRun(const std::string& body) {
    const auto r = Post("/api/runs", body);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no reply");
    return r && r->status == 200 ? json::parse(r->body)["id"].get<std::string>() : "";
  }
  json Control(const std::string& id, const std::string& body) {
    const auto r = Post("/api/runs/" + id + "/control", body);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no reply");
    return r ? json::parse(r->body) : json();
  }
  // The first `count` snapshots of a run's stream (playing it after the first, when asked).
  std::vector<json> Events(const std::string& id, std::size_t count, bool play = false) {
    std::vector<json> events;
    std::string buffer;
    httplib::Client c = Client();
    c.Get(("/api/runs/" + id + "/events").c_str(), [&](const char* data, std::size_t n) {
      buffer.append(data, n);
      for (std::size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
        const std::string event = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        if (event.rfind("data: ", 0) == 0) events.push_back(json::parse(event.substr(6)));
        if (play && events.size() == 1) Control(id, R"J({"action": "play"})J");
      }
      return events.size() < count;  // false closes the connection: the client goes away
    });
    return events;
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

constexpr const char* kSpiral = R"J({"seed": 3, "data": {"name": "spiral", "points": 300, "noise": 0.05},
  "networks": [{"label": "relu", "layers": [{"units": 16, "activation": "relu"}, {"units": 16, "activation": "relu"}],
                "optimizer": "adam", "lr": 0.01},
               {"label": "sigmoid", "layers": [{"units": 16, "activation": "sigmoid"}, {"units": 16, "activation": "sigmoid"}]}],
  "max_steps": 3000})J";

TEST_F(Playground, CatalogOffersWhatALayerCanTake) {
  Start();
  const auto r = Client().Get("/api/catalog");
  ASSERT_TRUE(r && r->status == 200);
  const json c = json::parse(r->body);
  std::vector<std::string> names;
  for (const auto& a : c["activations"]) names.push_back(a["name"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "mish"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "prelu"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "softmax"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "maxout"), names.end());
  EXPECT_EQ(c["limits"]["layers"], 12);
  EXPECT_EQ(c["datasets"].size(), kDatasets.size());
}

TEST_F(Playground, CurveIsTheLibrarys) {
  Start();
  const auto r = Post("/api/curve", R"J({"spec": "leaky_relu(0.1)", "lo": -2, "hi": 2, "points": 5})J");
  ASSERT_TRUE(r && r->status == 200) << r->body;
  const json c = json::parse(r->body);
  EXPECT_EQ(c["spec"], "leaky_relu(negative_slope=0.1)");
  EXPECT_EQ(c["y"], json({-0.2, -0.1, 0.0, 1.0, 2.0}));
  EXPECT_EQ(c["dy"], json({0.1, 0.1, 0.1, 1.0, 1.0}));
}

TEST_F(Playground, ARunTrainsStreamsAndObeysItsControls) {
  Start();
  const std::string id = NewRun(kSpiral);
  const std::vector<json> events = Events(id, 8, /*play=*/true);
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events.front()["step"], 0);
  EXPECT_EQ(events.front()["state"], "paused");
  const json& last = events.back();
  EXPECT_GT(last["step"].get<long>(), 0);
  const double first_loss = events.front()["networks"][0]["train"]["loss"], last_loss = last["networks"][0]["train"]["loss"];
  EXPECT_LT(last_loss, first_loss) << "the loss falls while it plays";
  ASSERT_EQ(last["networks"].size(), 2u);
  EXPECT_EQ(last["networks"][1]["label"], "sigmoid");
  EXPECT_EQ(last["boundary"]["values"].size(), 2u);
  EXPECT_EQ(last["boundary"]["values"][0].size(), 40u * 40u);
  const json& layer = last["networks"][0]["layers"][0];
  for (const char* key : {"dead", "saturated", "grad_norm"}) EXPECT_TRUE(layer[key].is_number()) << key;
  EXPECT_EQ(layer["histogram"]["counts"].size(), 20u);
  EXPECT_EQ(events.front()["boundary"]["units"].size(), 32u);  // 16 + 16 hidden units
  // The stream went away: the run is paused, its steps stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long steps = Control(id, R"J({"action": "pause"})J")["step"];
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Control(id, R"J({"action": "pause"})J")["step"], steps);
  EXPECT_EQ(Control(id, R"J({"action": "step", "steps": 5})J")["step"], steps + 5);
  EXPECT_EQ(Control(id, R"J({"action": "reset"})J")["step"], 0);
  // Export: the same run as a command line and a PyTorch script.
  const auto e = Client().Get(("/api/runs/" + id + "/export").c_str());
  ASSERT_TRUE(e && e->status == 200);
  const json exported = json::parse(e->body);
  EXPECT_EQ(exported["command"].get<std::string>().rfind("actlab train --config '", 0), 0u);
  EXPECT_NE(exported["pytorch"].get<std::string>().find("at.Activation(\"relu\")"), std::string::npos);
  EXPECT_EQ(Client().Delete(("/api/runs/" + id).c_str())->status, 200);
  EXPECT_EQ(Client().Get(("/api/runs/" + id + "/export").c_str())->status, 404);
}

TEST_F(Playground, DigitsGiveAConfusionMatrixAndSamples) {
  Start();
  const std::string id = NewRun(R"J({"data": {"name": "digits", "points": 400},
      "networks": [{"loss": "cross_entropy", "layers": [{"units": 16, "activation": "gelu"}]}]})J");
  const std::vector<json> events = Events(id, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].contains("boundary"));
  EXPECT_EQ(events[0]["confusion"][0].size(), 10u);
  EXPECT_EQ(events[0]["samples"]["images"].size(), 16u);
  const int side = events[0]["samples"]["size"];
  EXPECT_EQ(events[0]["samples"]["images"][0].size(), std::size_t(side * side));
}

TEST_F(Playground, EveryBadRequestIsRefusedNamingItsField) {
  Start();
  Refused("/api/runs", "{", 400, "body: not JSON");
  Refused("/api/runs", "[1, 2]", 400, "body: must be a JSON object");
  Refused("/api/runs", R"J({"networks": [{}], "colour": "red"})J", 400, "colour: unknown field");
  Refused("/api/runs", R"J({})J", 400, "networks: is required");
  Refused("/api/runs", R"J({"networks": []})J", 400, "networks: must have 1 to 4 entries");
  Refused("/api/runs", R"J({"networks": [{}, {}, {}, {}, {}]})J", 400, "networks: must have 1 to 4 entries");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"units": 500}]}]})J", 400, "networks[0].layers[0].units: must be in [1, 128]");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"units": "8"}]}]})J", 400, "networks[0].layers[0].units: must be a whole number");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"units": 2.5}]}]})J", 400, "must be a whole number");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"activation": "relux"}]}]})J", 400, "networks[0].layers[0].activation: spec 'relux'");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"activation": "softmax"}]}]})J", 400, "softmax is not offered");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"units": 4, "activation": "prelu(num_parameters=3)"}]}]})J", 400,
          "num_parameters must be 1 or the layer's units (4)");
  Refused("/api/runs", R"J({"networks": [{"layers": [{"bias": 1}]}]})J", 400, "networks[0].layers[0].bias: unknown field");
  Refused("/api/runs", R"J({"networks": [{"lr": -1}]})J", 400, "networks[0].lr: must be in");
  Refused("/api/runs", R"J({"networks": [{"lr": 1e999}]})J", 400, "body: not JSON");
  Refused("/api/runs", R"J({"networks": [{"optimizer": "lbfgs"}]})J", 400, "networks[0].optimizer: must be one of sgd, momentum, adam");
  Refused("/api/runs", R"J({"networks": [{"batch": 100000}]})J", 400, "networks[0].batch: must be in [1, 1000]");
  Refused("/api/runs", R"J({"networks": [{"layers": [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}]}]})J", 400,
          "networks[0].layers: must have 0 to 12 entries");
  Refused("/api/runs", R"J({"data": {"name": "mnist"}, "networks": [{}]})J", 400, "data.name: must be one of circle");
  Refused("/api/runs", R"J({"data": {"name": "spiral3"}, "networks": [{"loss": "bce"}]})J", 400, "bce is for 2 classes");
  Refused("/api/runs", R"J({"data": {"name": "plane"}, "networks": [{"loss": "cross_entropy"}]})J", 400, "a regression set takes mse");
  Refused("/api/runs", R"J({"data": {"name": "custom"}, "networks": [{}]})J", 400, "data.custom: is required");
  Refused("/api/runs", R"J({"data": {"name": "custom", "custom": [[0,0,1],[1,1,0],[2,2,1],[9,0,0]]}, "networks": [{}]})J", 400,
          "data.custom[3]: x and y must be in [-6, 6]");
  Refused("/api/runs", R"J({"data": {"name": "custom", "custom": [[0,0,1],[1,1]]}, "networks": [{}]})J", 400, "data.custom: must have 4");
  Refused("/api/runs", R"J({"data": {"points": 100000}, "networks": [{}]})J", 400, "data.points: must be in [10, 2000]");
  Refused("/api/runs", R"J({"features": ["x3"], "networks": [{}]})J", 400, "features[0]: must be one of x1");
  Refused("/api/runs", R"J({"features": ["x1", "x1"], "networks": [{}]})J", 400, "features[1]: 'x1' twice");
  Refused("/api/runs", R"J({"max_steps": 1e12, "networks": [{}]})J", 400, "max_steps: must be in [1, 100000]");
  Refused("/api/runs", std::string(300000, ' ') + "{}", 413, "body: too large");
  Refused("/api/runs", std::string(100000, '[') + std::string(100000, ']'), 400, "body: must be a JSON object");
  Refused("/api/curve", R"J({"spec": "softmax"})J", 400, "spec: softmax is not a function of one x");
  Refused("/api/curve", R"J({"spec": "relu", "lo": 3, "hi": 1})J", 400, "lo: must be below hi");
  Refused("/api/curve", R"J({"spec": "relu", "points": 100000})J", 400, "points: must be in [2, 2001]");
  Refused("/api/curve", R"J({"spec": "elu(alpha=nan)"})J", 400, "elu");
  Refused("/api/runs/nosuchrun/control", R"J({"action": "play"})J", 404, "no run 'nosuchrun'");
  const std::string id = NewRun(R"J({"networks": [{}]})J");
  Refused("/api/runs/" + id + "/control", R"J({"action": "jump"})J", 400, "action: must be one of play, pause, step, reset");
  Refused("/api/runs/" + id + "/control", R"J({"action": "step", "steps": 5000})J", 400, "steps: must be in [1, 1000]");
  // Only the compiled-in files, whatever the path says.
  EXPECT_EQ(Client().Get("/")->body, "<html>playground</html>");
  for (const char* path : {"/../../etc/passwd", "/etc/passwd", "/index.html/..", "/%2e%2e/etc/passwd", "/api/nothing"}) {
    const auto r = Client().Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << path;
  }
}

TEST_F(Playground, RunsAreBoundedAndIdleOnesReaped) {
  ServerOptions options;
  options.limits.runs = 2;
  options.idle_seconds = 0.5;
  Start(options);
  const std::string a = NewRun(R"J({"networks": [{}]})J"), b = NewRun(R"J({"networks": [{}]})J");
  Refused("/api/runs", R"J({"networks": [{}]})J", 429, "runs: 2 are training already");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(server_->runs(), 0u) << "runs without a stream for idle_seconds are removed";
  EXPECT_EQ(Post("/api/runs/" + a + "/control", R"J({"action": "play"})J")->status, 404);
  NewRun(R"J({"networks": [{}]})J");
}

// What the load may add to the process: the runs' networks and buffers, and under AddressSanitizer
// its quarantine of freed memory (256 MiB by default) and shadow besides.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMemoryBoundKb = (300 + 256 + 128) * 1024;
#else
constexpr long kMemoryBoundKb = 300 * 1024;
#endif

// Tens of clients at once for a few seconds, on loopback: each makes a run (or is told 429),
// watches a few snapshots, deletes it. No error, no crash, memory bounded, nothing left behind.
TEST_F(Playground, LoadOfConcurrentClients) {
  Start();
  const auto rss_kb = [] {
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    while (status >> key) {
      if (key == "VmRSS:") { status >> value; return value; }
    }
    return value;
  };
  const int kClients = std::getenv("ACTLAB_LOAD_CLIENTS") ? std::atoi(std::getenv("ACTLAB_LOAD_CLIENTS")) : 30;
  const long before = rss_kb();
  std::atomic<int> finished{0}, refused{0}, failed{0};
  std::vector<std::thread> clients;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      while (std::chrono::steady_clock::now() < deadline) {
        const auto r = Post("/api/runs", "{\"seed\": " + std::to_string(c) + ", \"networks\": [{}, {}], \"max_steps\": 400}");
        if (!r) { ++failed; std::printf("client %d: %s\n", c, httplib::to_string(r.error()).c_str()); return; }
        if (r->status == 429) { ++refused; std::this_thread::sleep_for(std::chrono::milliseconds(20)); continue; }
        if (r->status != 200) { ++failed; std::printf("client %d: %d %s\n", c, r->status, r->body.c_str()); return; }
        const std::string id = json::parse(r->body)["id"];
        if (Events(id, 3, true).size() != 3) ++failed;
        const auto d = Client().Delete(("/api/runs/" + id).c_str());
        if (!d || d->status != 200) ++failed;
        ++finished;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(finished, 30);
  EXPECT_EQ(server_->runs(), 0u);
  EXPECT_LT(rss_kb() - before, kMemoryBoundKb) << "memory stays bounded";
  std::printf("load: %d runs finished, %d refused with 429, RSS %ld -> %ld kB\n", int(finished), int(refused), before, rss_kb());
  const auto r = Client().Get("/api/catalog");
  EXPECT_TRUE(r && r->status == 200) << "still answering";
}

// The exported PyTorch script runs (where the Python package is built) and prints each network's
// test loss.
void ExportRuns(const char* config_json, const std::vector<std::string>& labels) {
  const char* python = std::getenv("ACTLAB_PYTHON_COMMAND");  // with a sanitizer's preload, if any
  if (!python) GTEST_SKIP() << "ACTLAB_PYTHON_COMMAND not set (no Python package in this build)";
  const RunConfig config = ParseRunConfig(json::parse(config_json), Limits{});
  // One file per test: ctest runs the tests of this binary in parallel.
  const std::string path = ::testing::TempDir() + "/playground_export_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".py";
  std::ofstream(path) << PytorchScript(config);
  const std::string out = path + ".out";
  const std::string command = "timeout 120 " + std::string(python) + " " + path + " > " + out + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  const std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 0) << printed;
  for (const std::string& label : labels)
    EXPECT_NE(printed.find(label + " test loss"), std::string::npos) << printed;
}

TEST(PlaygroundExport, PytorchScriptRuns) {
  ExportRuns(R"J({"data": {"name": "moons", "points": 200},
      "features": ["x1", "x2", "x1*x2"], "max_steps": 200,
      "networks": [{"label": "prelu", "layers": [{"units": 8, "activation": "prelu(num_parameters=8)"}], "l2": 0.001},
                   {"label": "swish", "layers": [{"units": 8, "activation": "swish"}], "loss": "mse", "optimizer": "momentum"}]})J",
             {"prelu", "swish"});
}

TEST(PlaygroundExport, PytorchScriptRunsOnTheDigits) {
  ExportRuns(R"J({"data": {"name": "digits", "points": 300}, "max_steps": 20,
      "networks": [{"label": "mish", "loss": "cross_entropy", "layers": [{"units": 16, "activation": "mish"}]}]})J",
             {"mish"});
}

}  // namespace
}  // namespace actlab::playground
