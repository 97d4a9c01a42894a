// A playground run's configuration, read from the JSON of POST /api/runs (playground/API.md):
// every field checked against its type and the server's limits, unknown fields refused, each
// error naming the field ("networks[1].layers[0].units: ...").
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace actlab::playground {

// A refused request: the message names the field and what is wrong.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct Limits {
  int layers = 12, units = 128, points = 2000, batch = 1000, networks = 4, runs = 8;
  long steps = 100000;
  double seconds = 600;            // training time of one run
  std::size_t body_bytes = 256 * 1024;
};

enum class DataKind { kClassification, kRegression, kImages };

struct DatasetInfo {
  const char* name;
  DataKind kind;
  int classes;  // 0 for regression
};
// What the page offers, in its order. "custom" takes its kind from its rows' labels.
extern const std::array<DatasetInfo, 11> kDatasets;
extern const std::array<const char*, 7> kFeatures;  // x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)
extern const std::array<const char*, 4> kInits;
extern const std::array<const char*, 3> kLosses;
extern const std::array<const char*, 3> kOptimizers;

struct DataConfig {
  std::string name = "spiral";
  int points = 400;
  double noise = 0.1;          // 0..0.5, as TensorFlow Playground's 0..50%
  double test_fraction = 0.3;  // 0.1..0.9
  std::vector<std::array<double, 3>> custom;  // x, y, label (name == "custom")
};

struct LayerConfig {
  int units = 8;
  std::string activation = "relu";  // a library spec, canonical after checking
};

struct NetworkConfig {
  std::string label;
  std::vector<LayerConfig> layers;
  std::string init = "he", loss = "bce", optimizer = "adam";
  double lr = 0.01;
  int batch = 16;
  double l1 = 0, l2 = 0;
};

struct RunConfig {
  std::uint64_t seed = 1;
  DataConfig data;
  std::vector<std::string> features = {"x1", "x2"};
  std::vector<NetworkConfig> networks;
  long max_steps = 5000;
};

// Throws ConfigError.
RunConfig ParseRunConfig(const nlohmann::json& body, const Limits& limits);
// The configuration as JSON that ParseRunConfig reads back to an equal configuration.
nlohmann::json ToJson(const RunConfig& config);

// The dataset's kind and classes ("custom": classification with max label + 1 classes when the
// labels are whole numbers 0..9, else regression).
DataKind KindOf(const DataConfig& data, int* classes);

// A field checker for the other endpoints: `body` must be an object with only these fields.
void OnlyFields(const nlohmann::json& body, const std::string& where, std::initializer_list<const char*> fields);
double Number(const nlohmann::json& body, const std::string& field, const std::string& where, double lo,
              double hi, double fallback);
long Integer(const nlohmann::json& body, const std::string& field, const std::string& where, long lo, long hi,
             long fallback);
std::string Text(const nlohmann::json& body, const std::string& field, const std::string& where,
                 std::size_t max_length, const std::string& fallback);

}  // namespace actlab::playground
